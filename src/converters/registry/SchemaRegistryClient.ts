// An HTTP client for Confluent's Schema Registry API (also served by Apicurio Registry under
// /apis/ccompat/v7): register, look up, fetch by id, latest version. Several base URLs fail over
// in turn on network errors, as Confluent's RestService does. Answers are cached by the converters,
// not here: this module only speaks HTTP.

import http from 'node:http';
import https from 'node:https';
import { RetriableException } from '../../data/errors.js';

export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

/** A schema as the registry stores it. `schemaType` is absent for Avro (the registry's default). */
export interface RegistrySchema {
  schemaType?: SchemaType;
  schema: string;
  references?: SchemaReference[];
  /**
   * The texts of `references`, transitively, dependencies before the schemas that import them
   * (filled in by the converter when it reads a schema; never sent to the registry).
   */
  resolvedReferences?: ResolvedReference[];
}

/** A referenced schema: the name the referring schema uses for it (import path, $ref, Avro name source), and its text. */
export interface ResolvedReference {
  name: string;
  schema: string;
}

export interface SubjectVersion extends RegistrySchema {
  subject: string;
  version: number;
  id: number;
}

export interface RegistryClientOptions {
  urls: string[];
  /** Value of the Authorization header, if any ("Basic …" or "Bearer …"). Never logged. */
  authorization?: string;
  tls?: https.AgentOptions;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  /** Extra request headers (Confluent's `request.header.*`). */
  headers?: Record<string, string>;
}

/** An error answer of the registry: HTTP status plus its `{error_code, message}`. */
export class RegistryError extends Error {
  constructor(readonly status: number, readonly errorCode: number, message: string) {
    super(`${message}; error code: ${errorCode}`);
    this.name = 'RegistryError';
  }
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export class SchemaRegistryClient {
  private current: number;
  private readonly agents = { http: new http.Agent({ keepAlive: true, maxSockets: 4 }), https: undefined as https.Agent | undefined };

  constructor(private readonly options: RegistryClientOptions) {
    if (options.urls.length === 0) throw new Error('no schema registry URL');
    // Like Confluent's UrlList: start anywhere, so a fleet of workers spreads over the URLs.
    this.current = Math.floor(Math.random() * options.urls.length);
  }

  /** POST /subjects/{subject}/versions: the id under which the schema is (now) registered. */
  async register(subject: string, schema: RegistrySchema, normalize = false): Promise<number> {
    const r = await this.request<{ id: number }>('POST', `/subjects/${enc(subject)}/versions${normalize ? '?normalize=true' : ''}`, body(schema));
    return r.id;
  }

  /** POST /subjects/{subject}: the id and version of a schema already registered under the subject. */
  lookup(subject: string, schema: RegistrySchema, normalize = false): Promise<SubjectVersion> {
    return this.request<SubjectVersion>('POST', `/subjects/${enc(subject)}${normalize ? '?normalize=true' : ''}`, body(schema));
  }

  /** GET /subjects/{subject}/versions/latest */
  latest(subject: string): Promise<SubjectVersion> {
    return this.request<SubjectVersion>('GET', `/subjects/${enc(subject)}/versions/latest`);
  }

  /** GET /subjects/{subject}/versions/{version} */
  version(subject: string, version: number): Promise<SubjectVersion> {
    return this.request<SubjectVersion>('GET', `/subjects/${enc(subject)}/versions/${version}`);
  }

  /** GET /schemas/ids/{id} */
  schemaById(id: number): Promise<RegistrySchema> {
    return this.request<RegistrySchema>('GET', `/schemas/ids/${id}`);
  }

  /** POST /compatibility/subjects/{subject}/versions/latest?verbose=true */
  testCompatibility(subject: string, schema: RegistrySchema): Promise<{ is_compatible: boolean; messages?: string[] }> {
    return this.request('POST', `/compatibility/subjects/${enc(subject)}/versions/latest?verbose=true`, body(schema));
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https?.destroy();
  }

  /** Tries each URL once, starting with the last that worked; an HTTP answer (even an error) ends the round. */
  private async request<T>(method: string, path: string, payload?: string): Promise<T> {
    const n = this.options.urls.length;
    let lastError: unknown;
    for (let i = 0; i < n; i++) {
      const base = this.options.urls[this.current]!;
      try {
        return await this.once<T>(method, base, path, payload);
      } catch (err) {
        // An answer, even a failing one, ends the round: only network errors fail over.
        if (err instanceof RegistryError || (err instanceof RetriableException && err.cause instanceof RegistryError)) throw err;
        lastError = err;
        this.current = (this.current + 1) % n;
      }
    }
    const reason = lastError instanceof Error ? lastError.message : String(lastError);
    throw new RetriableException(`Schema registry unreachable (${this.options.urls.join(', ')}): ${reason}`, { cause: lastError });
  }

  private once<T>(method: string, base: string, path: string, payload: string | undefined): Promise<T> {
    const url = new URL(base.replace(/\/+$/, '') + path);
    const secure = url.protocol === 'https:';
    if (secure && !this.agents.https) this.agents.https = new https.Agent({ keepAlive: true, maxSockets: 4, ...this.options.tls });
    const headers: Record<string, string> = { Accept: `${CONTENT_TYPE}, application/json`, ...this.options.headers };
    if (payload !== undefined) {
      headers['Content-Type'] = CONTENT_TYPE;
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    if (this.options.authorization) headers.Authorization = this.options.authorization;
    else if (url.username) headers.Authorization = basicAuth(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`);
    const options: http.RequestOptions = {
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers,
      agent: secure ? this.agents.https : this.agents.http,
      timeout: this.options.connectTimeoutMs,
    };
    return new Promise<T>((resolve, reject) => {
      const req = (secure ? https : http).request(options, (res) => {
        const chunks: Buffer[] = [];
        res.setTimeout(this.options.readTimeoutMs, () => res.destroy(new Error(`no answer within ${this.options.readTimeoutMs} ms`)));
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          if (status >= 200 && status < 300) return resolve(json as T);
          const e = (json ?? {}) as { error_code?: number; message?: string };
          const message = e.message ?? (text.slice(0, 200) || `HTTP ${status}`);
          const error = new RegistryError(status, e.error_code ?? status, message);
          // A registry that is up but failing (5xx, 408, 429) is worth another try later.
          reject(status >= 500 || status === 408 || status === 429 ? new RetriableException(`${method} ${url.pathname}: ${error.message}`, { cause: error }) : error);
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no connection within ${this.options.connectTimeoutMs} ms`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
}

export function basicAuth(userInfo: string): string {
  return 'Basic ' + Buffer.from(userInfo, 'utf8').toString('base64');
}

const enc = (s: string) => encodeURIComponent(s);

function body(s: RegistrySchema): string {
  const out: RegistrySchema = { schema: s.schema };
  if (s.schemaType && s.schemaType !== 'AVRO') out.schemaType = s.schemaType;
  if (s.references?.length) out.references = s.references;
  return JSON.stringify(out);
}
