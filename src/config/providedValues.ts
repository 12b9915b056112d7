// Values config providers resolved (`${file:…:password}` → the password): they are secrets by
// definition, so error messages, status traces and log lines that would quote one show `[hidden]`
// instead. Per thread: each thread that resolves values remembers them.

const MIN_LENGTH = 4; // shorter values (`1`, `true`) would garble every message and reveal little.
const provided = new Set<string>();

export function rememberProvidedValue(value: string): void {
  if (value.length >= MIN_LENGTH) provided.add(value);
}

/** What this thread has remembered, for a task thread to remember too (it logs on its own). */
export function providedValuesSnapshot(): string[] {
  return [...provided];
}

/** `text` with every provided value replaced by `[hidden]`. */
export function hideProvidedValues(text: string): string {
  if (provided.size === 0) return text;
  let out = text;
  for (const v of provided) if (out.includes(v)) out = out.split(v).join('[hidden]');
  return out;
}
