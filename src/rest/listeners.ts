// `listeners`, `admin.listeners`, their TLS settings and `rest.advertised.*`, as Kafka Connect's
// RestServer and RestServerConfig read them.

import { readFileSync } from 'node:fs';
import type { SecureContextOptions, TlsOptions } from 'node:tls';

export interface Listener {
  protocol: 'http' | 'https';
  /** The host to bind: '0.0.0.0' (or '::' for `[]`) when the listener names none. */
  host: string;
  /** The host as written ('' when none). */
  configuredHost: string;
  port: number;
}

/** `listeners=http://host:port,https://…` → listeners; an empty host means every interface. */
export function parseListeners(listeners: string): Listener[] {
  return listeners
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(\[[^\]]*\]|[^:/[\]]*)(?::(\d+))?\/?$/.exec(l);
      if (!m) throw new Error(`Invalid value ${l} for configuration listeners: Listener doesn't have the right format (protocol://hostname:port).`);
      const protocol = m[1]!.toLowerCase();
      if (protocol !== 'http' && protocol !== 'https') {
        throw new Error(`Invalid value ${l} for configuration listeners: Listener protocol must be either "http" or "https".`);
      }
      const bracketed = m[2]!.startsWith('[');
      const host = m[2]!.replace(/^\[|\]$/g, '');
      const port = m[3] === undefined ? 8083 : Number(m[3]);
      if (port > 65535) throw new Error(`Invalid value ${l} for configuration listeners: port out of range`);
      return { protocol, host: host === '' ? (bracketed ? '::' : '0.0.0.0') : host, configuredHost: host, port };
    });
}

/**
 * The listener's TLS settings: `<prefix>ssl.*` when any key has that prefix (Kafka's "all or
 * nothing"), else the worker's top-level `ssl.*`. Keystores: PKCS12 (Node's `pfx`) or PEM.
 */
export function httpsOptions(workerProps: Record<string, string>, prefix = 'listeners.https.'): TlsOptions {
  const prefixed = Object.keys(workerProps).some((k) => k.startsWith(prefix));
  const get = (key: string): string | undefined => {
    const v = prefixed ? workerProps[`${prefix}${key}`] : workerProps[key];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const where = prefixed ? prefix : '';
  const options: TlsOptions & SecureContextOptions = {};
  const keystore = get('ssl.keystore.location');
  const keystoreType = (get('ssl.keystore.type') ?? 'JKS').toUpperCase();
  const password = get('ssl.keystore.password');
  const keyPassword = get('ssl.key.password');
  const inlineKey = get('ssl.keystore.key');
  const inlineChain = get('ssl.keystore.certificate.chain');
  if (inlineKey && inlineChain) {
    options.key = inlineKey;
    options.cert = inlineChain;
    if (keyPassword) options.passphrase = keyPassword;
  } else if (keystore) {
    let content: Buffer;
    try {
      content = readFileSync(keystore);
    } catch (err) {
      throw new Error(`Failed to load SSL keystore ${keystore} (${where}ssl.keystore.location): ${(err as Error).message}`);
    }
    if (keystoreType === 'PEM' || /-----BEGIN /.test(content.subarray(0, 4096).toString('latin1'))) {
      options.key = content;
      options.cert = content;
      if (keyPassword ?? password) options.passphrase = keyPassword ?? password;
    } else if (keystoreType === 'PKCS12' || keystoreType === 'JKS') {
      // Java 9+ keystores default to PKCS12 whatever the declared type; a real JKS file fails to load here.
      options.pfx = content;
      if (password) options.passphrase = password;
    } else {
      throw new Error(`Unsupported ${where}ssl.keystore.type ${keystoreType}: use PKCS12 or PEM`);
    }
  } else {
    throw new Error(`An https listener needs ${where}ssl.keystore.location (PKCS12 or PEM)`);
  }
  const truststore = get('ssl.truststore.location');
  const trustType = (get('ssl.truststore.type') ?? '').toUpperCase();
  const inlineTrust = get('ssl.truststore.certificates');
  if (inlineTrust) options.ca = inlineTrust;
  else if (truststore) {
    const content = readFileSync(truststore);
    if (trustType === 'PEM' || /-----BEGIN /.test(content.subarray(0, 4096).toString('latin1'))) options.ca = content;
    else throw new Error(`${where}ssl.truststore.location must be a PEM file (${where}ssl.truststore.type=PEM)`);
  }
  const clientAuth = (get('ssl.client.auth') ?? 'none').toLowerCase();
  if (clientAuth === 'required' || clientAuth === 'requested') {
    options.requestCert = true;
    options.rejectUnauthorized = clientAuth === 'required';
  } else if (clientAuth !== 'none') {
    throw new Error(`Invalid value ${clientAuth} for configuration ${where}ssl.client.auth: String must be one of: required, requested, none`);
  }
  return options;
}

/**
 * RestServer.advertisedUrl: the scheme of `rest.advertised.listener` (else http when there is an
 * http listener, else https), `rest.advertised.host.name` (else that listener's host, else this
 * machine's name) and `rest.advertised.port` (else the port it is bound to).
 */
export function advertisedUrl(
  workerProps: Record<string, string>,
  bound: ReadonlyArray<{ listener: Listener; port: number }>,
  localHostName: string,
): string {
  const configured = workerProps['rest.advertised.listener']?.trim().toLowerCase();
  const protocol = configured || (bound.some((b) => b.listener.protocol === 'http') ? 'http' : bound.length > 0 ? 'https' : 'http');
  const match = bound.find((b) => b.listener.protocol === protocol);
  const hostConfig = workerProps['rest.advertised.host.name']?.trim();
  const host = hostConfig || match?.listener.configuredHost || localHostName;
  const portConfig = workerProps['rest.advertised.port']?.trim();
  const port = portConfig ? Number(portConfig) : (match?.port ?? 8083);
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return `${protocol}://${hostPart}:${port}/`;
}
