// Connect's exception hierarchy. It lives in data/ because the data model throws DataException
// and data/ may import nothing; api/ re-exports these for plugin authors.

export class ConnectException extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A record or value that does not fit its schema, or that a converter/transform cannot handle. */
export class DataException extends ConnectException {}

/** A transient failure: the runtime retries the operation (errors.retry.timeout). */
export class RetriableException extends ConnectException {}

/** A bad configuration value. `key` names the offending config key when known. */
export class ConfigException extends ConnectException {
  readonly key: string | undefined;
  readonly value: unknown;
  constructor(keyOrMessage: string, value?: unknown, reason?: string) {
    const message = reason === undefined && value === undefined
      ? keyOrMessage
      : `Invalid value ${String(value)} for configuration ${keyOrMessage}${reason ? `: ${reason}` : ''}`;
    super(message);
    this.key = reason === undefined && value === undefined ? undefined : keyOrMessage;
    this.value = value;
  }
}

export class NotFoundException extends ConnectException {}
export class AlreadyExistsException extends ConnectException {}
