// Query parameters as route schemas: fastify checks each route's `querystring` with ajv before the
// route runs, and a value that is not allowed is a 400 in Connect's words (`{error_code, message}`
// through the error handler), never ignored. Parameters a route does not declare pass, as in Connect.
//
//   app.get('/connectors', withQuery({ expand: enumQuery(['status', 'info']) }), route(...))
//
// fastify's query parser gives a repeated parameter as an array, so a schema sees a string or an
// array of strings; nothing is coerced (the app's ajv has coerceTypes off), so the route reads the
// values as sent, through queryList / queryFlag.

import type { FastifyRequest, FastifySchema } from 'fastify';
import { RestError } from './errors.js';

/** One query parameter: the schema of its value(s), and Connect's message for a value it refuses. */
export interface QueryParam {
  schema: Record<string, unknown>;
  /** `value` as sent: one string, or every value of a parameter given more than once. */
  refused: (name: string, value: string | string[]) => string;
}

/** An anchored pattern for exactly one of `values`, in any letter case (ajv patterns take no flags). */
function anyCasePattern(values: readonly string[]): string {
  const letters = (v: string) => [...v].map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return `^(?:${values.map(letters).join('|')})$`;
}

/** true or false in any case, given at most once (Connect's @QueryParam boolean). */
export function booleanQuery(): QueryParam {
  return {
    schema: { type: 'string', pattern: anyCasePattern(['true', 'false']) },
    refused: (name, value) => (Array.isArray(value)
      ? `Query parameter ${name} may be given once`
      : `Invalid value '${value}' for query parameter ${name}: must be true or false`),
  };
}

/** One of `allowed` (in any case when `ignoreCase`), any number of times (?expand=status&expand=info). */
export function enumQuery(allowed: readonly string[], ignoreCase = false): QueryParam {
  const one = ignoreCase ? { type: 'string', pattern: anyCasePattern(allowed) } : { type: 'string', enum: [...allowed] };
  return {
    schema: { anyOf: [one, { type: 'array', items: one }] },
    refused: (name, value) => `Invalid value '${String(value)}' for query parameter ${name}: must be one of ${allowed.join(', ')}`,
  };
}

interface AjvError {
  keyword: string;
  instancePath: string;
  message?: string;
  /** The refused value: the app's ajv runs with `verbose` so that the message can quote it. */
  data?: unknown;
}

/**
 * Route options declaring the query parameters: the querystring schema and a formatter that words a
 * refused parameter as Connect does. Other schemas of the route (a body) keep fastify's wording.
 */
export function withQuery(params: Record<string, QueryParam>, schema: Omit<FastifySchema, 'querystring'> = {}): {
  schema: FastifySchema;
  schemaErrorFormatter: (errors: AjvError[], dataVar: string) => Error;
} {
  const properties = Object.fromEntries(Object.entries(params).map(([name, p]) => [name, p.schema]));
  return {
    schema: { ...schema, querystring: { type: 'object', properties } },
    schemaErrorFormatter: (errors, dataVar) => {
      if (dataVar !== 'querystring') return fastifyFormat(errors, dataVar);
      // ajv reports every branch and keyword that failed: the one about a single word (the value, or
      // the bad element of a repeated parameter) says most; otherwise the parameter was repeated.
      const err = errors.find((e) => (e.keyword === 'enum' || e.keyword === 'pattern') && typeof e.data === 'string') ?? errors[0]!;
      const name = decodeURIComponent(err.instancePath.split('/')[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
      const param = params[name];
      if (param === undefined) return fastifyFormat(errors, dataVar);
      return new RestError(400, param.refused(name, err.data as string | string[]));
    },
  };
}

/** fastify's own wording of schema errors (its defaultSchemaErrorFormatter). */
function fastifyFormat(errors: AjvError[], dataVar: string): Error {
  return new Error(errors.map((e) => `${dataVar}${e.instancePath} ${e.message}`).join(', '));
}

/** The values of a declared parameter: none, one, or each of a repeated one. */
export function queryList(req: FastifyRequest, name: string): string[] {
  const v = (req.query as Record<string, string | string[] | undefined>)[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A declared booleanQuery's value, `fallback` when absent. */
export function queryFlag(req: FastifyRequest, name: string, fallback: boolean): boolean {
  const v = (req.query as Record<string, string | undefined>)[name];
  return v === undefined ? fallback : v.toLowerCase() === 'true';
}
