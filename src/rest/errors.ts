import { AlreadyExistsException, ConfigException, NotFoundException } from '../data/errors.js';
import { BadRequestException, RebalanceNeededException } from '../herder/Herder.js';

/** An error with the HTTP status it should produce (Kafka's ConnectRestException). */
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

/** fastify's own errors (bad JSON, media type, body size, schema) carry their status; keep it. */
function fastifyStatus(err: unknown): number | undefined {
  const s = (err as { statusCode?: unknown })?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : undefined;
}

/** Kafka's words for what fastify rejects before a route runs. */
function fastifyMessage(err: { code?: string; message: string; validation?: unknown; validationContext?: string }): string {
  if (err.validation) return `Invalid request ${err.validationContext ?? 'body'}: ${err.message}`;
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return `Request body is not valid JSON: ${err.message}`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'Request body is too large';
    default:
      return err.message;
  }
}

/** Maps an error to Kafka Connect's `{error_code, message}`; unknown errors are 500s. */
export function toErrorBody(err: unknown): { status: number; body: { error_code: number; message: string } } {
  let status = 500;
  let message = err instanceof Error ? err.message : String(err);
  if (err instanceof RestError) status = err.statusCode;
  else if (err instanceof NotFoundException) status = 404;
  else if (err instanceof AlreadyExistsException) status = 409;
  else if (err instanceof BadRequestException || err instanceof ConfigException) status = 400;
  else if (err instanceof RebalanceNeededException) status = 409;
  else {
    const s = fastifyStatus(err);
    if (s !== undefined) {
      status = s;
      message = fastifyMessage(err as { code?: string; message: string });
    }
  }
  return { status, body: { error_code: status, message } };
}
