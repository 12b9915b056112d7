// The status types live with the stores (src/storage/status.ts), below the runtime; re-exported here
// for the runtime's own modules.
export * from '../storage/status.js';

import { hideProvidedValues } from '../config/providedValues.js';

/** A failure's stack and causes, as a status trace; values config providers resolved are hidden. */
export function traceOf(err: unknown): string {
  return hideProvidedValues(rawTraceOf(err));
}

function rawTraceOf(err: unknown): string {
  if (err instanceof Error) {
    let out = err.stack ?? `${err.name}: ${err.message}`;
    let cause = (err as { cause?: unknown }).cause;
    while (cause instanceof Error) {
      out += `\nCaused by: ${cause.stack ?? cause.message}`;
      cause = (cause as { cause?: unknown }).cause;
    }
    return out;
  }
  return String(err);
}
