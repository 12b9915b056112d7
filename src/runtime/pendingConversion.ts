// A converter that must fetch something first (a schema from a registry) throws ConversionPending;
// the task loops come here, off the hot path, to await it under the task's retry policy.

import { ConversionPending } from '../api/Converter.js';
import { DataException } from '../data/errors.js';
import { RecordFailure, type RecordErrorHandler } from './errorHandling.js';

/** Key, value and headers may each wait once; more rounds than that means a converter that never settles. */
const MAX_ROUNDS = 4;

export function isPending(result: unknown): result is RecordFailure {
  return result instanceof RecordFailure && result.error instanceof ConversionPending;
}

/** Awaits the pending loads of `first`, converting again after each, until the record converts or fails. */
export async function settlePending<T>(first: RecordFailure, convert: () => T | RecordFailure, errors: RecordErrorHandler): Promise<T | RecordFailure> {
  let result: T | RecordFailure = first;
  for (let round = 0; isPending(result); round++) {
    const { error, context } = result;
    if (round === MAX_ROUNDS) {
      return new RecordFailure(new DataException(`${context.executingClass} still waits after ${MAX_ROUNDS} loads: ${(error as Error).message}`), context);
    }
    try {
      await errors.retry(() => (error as ConversionPending).load(), context);
    } catch (err) {
      return new RecordFailure(err, context);
    }
    result = convert();
  }
  return result;
}
