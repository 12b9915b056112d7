import { AlreadyExistsException, ConfigException, NotFoundException } from '../data/errors.js';

/** An error with the HTTP status it should produce. */
export class RestError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
  }
}

export class ConflictError extends RestError {
  constructor(message: string) {
    super(409, message);
  }
}

/** Maps an error to Kafka Connect's `{error_code, message}`; unknown errors are 500s. */
export function toErrorBody(err: unknown): { status: number; body: { error_code: number; message: string } } {
  let status = 500;
  if (err instanceof RestError) status = err.statusCode;
  else if (err instanceof NotFoundException) status = 404;
  else if (err instanceof AlreadyExistsException) status = 409;
  else if (err instanceof ConfigException) status = 400;
  else if (typeof (err as { statusCode?: unknown })?.statusCode === 'number') {
    const s = (err as { statusCode: number }).statusCode;
    if (s >= 400 && s < 600) status = s;
  }
  const message = err instanceof Error ? err.message : String(err);
  return { status, body: { error_code: status, message } };
}
