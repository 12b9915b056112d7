import { AlreadyExistsException, ConfigException, NotFoundException } from '../data/errors.js';
import { BadRequestException, RebalanceNeededException } from '../herder/Herder.js';

/** An error with the HTTP status it should produce (Kafka's ConnectRestException). */
export class RestError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
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

/** Status and message for what Node's HTTP parser refuses before fastify sees a request. */
export function clientErrorBody(err: { code?: string; message?: string }): { status: number; reason: string; body: string } | undefined {
  // A reset connection has nobody left to answer.
  if (err.code === 'ECONNRESET') return undefined;
  let status = 400;
  let message: string;
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      status = 408;
      message = 'The request was not received in time';
      break;
    case 'HPE_HEADER_OVERFLOW':
      status = 431;
      message = 'The request line and headers are larger than the server accepts';
      break;
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      message = 'Invalid Content-Length header';
      break;
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_INVALID_TRANSFER_ENCODING':
      message = 'Invalid chunked transfer encoding';
      break;
    default:
      message = `Malformed HTTP request${err.message ? `: ${err.message}` : ''}`;
  }
  return { status, reason: STATUS_TEXT[status] ?? 'Bad Request', body: JSON.stringify({ error_code: status, message }) };
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 414: 'URI Too Long', 431: 'Request Header Fields Too Large' };

/** fastify's routing errors (a malformed percent-encoding, a path segment over maxParamLength). */
export function frameworkErrorBody(err: { code?: string }, url: string): { status: number; body: { error_code: number; message: string } } {
  const path = url.split('?')[0] ?? url;
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return { status: 414, body: { error_code: 414, message: `HTTP 414 URI Too Long: a path segment of ${path.slice(0, 100)}… is too long` } };
  if (err.code === 'FST_ERR_BAD_URL') return { status: 400, body: { error_code: 400, message: `Malformed URL: ${path.slice(0, 300)} is not valid percent-encoded UTF-8` } };
  return { status: 400, body: { error_code: 400, message: `Bad request: ${path.slice(0, 300)}` } };
}
