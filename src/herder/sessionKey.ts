// KIP-507: requests between workers are signed with a session key the leader generates and
// distributes through the config topic (`session-key` record, as Kafka Connect writes it) and
// rotates every `inter.worker.key.ttl.ms`. A worker verifies a signed internal request against
// the key it last read, with Connect's answers: 400 unsigned or unknown algorithm, 503 no key
// yet, 403 wrong signature.

import { createHmac, generateKeySync, timingSafeEqual } from 'node:crypto';
import { ConfigException, ConnectException } from '../data/errors.js';
import { namedLogger } from '../runtime/logger.js';
import { BadRequestException } from './Herder.js';

const log = namedLogger('kconnect.herder.session-key');

export const SIGNATURE_HEADER = 'X-Connect-Authorization';
export const SIGNATURE_ALGORITHM_HEADER = 'X-Connect-Request-Signature-Algorithm';

/** The JCA names Connect uses, with the digest Node's HMAC takes and the JCA default key size. */
const HMACS: Record<string, { digest: string; keyBits: number }> = {
  HmacSHA1: { digest: 'sha1', keyBits: 160 },
  HmacSHA224: { digest: 'sha224', keyBits: 224 },
  HmacSHA256: { digest: 'sha256', keyBits: 256 },
  HmacSHA384: { digest: 'sha384', keyBits: 384 },
  HmacSHA512: { digest: 'sha512', keyBits: 512 },
};

export function isSupportedHmac(algorithm: string): boolean {
  return Object.hasOwn(HMACS, algorithm);
}

/** A signed internal request as the REST layer received it. */
export interface InternalRequestSignature {
  /** X-Connect-Request-Signature-Algorithm */
  algorithm: string;
  /** X-Connect-Authorization, decoded from base64. */
  signature: Buffer;
  /** The request body as sent. */
  body: Buffer;
}

export interface SessionKey {
  key: Buffer;
  algorithm: string;
  creationTimestamp: number;
}

/** Where keys are kept: the config topic (KafkaConfigBackingStore). */
export interface SessionKeyStore {
  sessionKey(): SessionKey | undefined;
  putSessionKey(key: SessionKey): Promise<void>;
}

export interface RequestSigningConfig {
  /** False unless `connect.protocol=sessioned` (Connect's default). */
  enabled: boolean;
  /** inter.worker.key.generation.algorithm */
  keyGenerationAlgorithm: string;
  /** inter.worker.key.size, bits; null: the algorithm's default. */
  keySizeBits: number | null;
  /** inter.worker.signature.algorithm */
  signatureAlgorithm: string;
  /** inter.worker.verification.algorithms */
  verificationAlgorithms: string[];
  /** inter.worker.key.ttl.ms */
  keyTtlMs: number;
}

export const DEFAULT_REQUEST_SIGNING: RequestSigningConfig = {
  enabled: true,
  keyGenerationAlgorithm: 'HmacSHA256',
  keySizeBits: null,
  signatureAlgorithm: 'HmacSHA256',
  verificationAlgorithms: ['HmacSHA256'],
  keyTtlMs: 3_600_000,
};

/** DistributedConfig's checks of the inter.worker.* keys; throws ConfigException naming the key. */
export function validateRequestSigning(c: RequestSigningConfig): void {
  const supported = Object.keys(HMACS).join(', ');
  if (!isSupportedHmac(c.keyGenerationAlgorithm)) {
    throw new ConfigException(`Invalid value ${c.keyGenerationAlgorithm} for configuration inter.worker.key.generation.algorithm: supported are ${supported}`);
  }
  if (!isSupportedHmac(c.signatureAlgorithm)) {
    throw new ConfigException(`Invalid value ${c.signatureAlgorithm} for configuration inter.worker.signature.algorithm: supported are ${supported}`);
  }
  for (const a of c.verificationAlgorithms) {
    if (!isSupportedHmac(a)) throw new ConfigException(`Invalid value ${a} for configuration inter.worker.verification.algorithms: supported are ${supported}`);
  }
  if (!c.verificationAlgorithms.includes(c.signatureAlgorithm)) {
    throw new ConfigException(
      `Signature algorithm '${c.signatureAlgorithm}' must be present in inter.worker.verification.algorithms list: ${c.verificationAlgorithms.join(', ')}`,
    );
  }
  if (c.keySizeBits !== null && (c.keySizeBits < 8 || c.keySizeBits % 8 !== 0)) {
    throw new ConfigException(`Invalid value ${c.keySizeBits} for configuration inter.worker.key.size: a positive multiple of 8 bits`);
  }
}

/** InternalRequestSignature.addToRequest: the two headers for `body`. */
export function signatureHeaders(key: Buffer, body: Buffer | string, algorithm: string): Record<string, string> {
  const hmac = HMACS[algorithm];
  if (!hmac) throw new ConnectException(`Unknown signature algorithm ${algorithm}`);
  const sig = createHmac(hmac.digest, key).update(body).digest('base64');
  return { [SIGNATURE_HEADER]: sig, [SIGNATURE_ALGORITHM_HEADER]: algorithm };
}

function isValid(sig: InternalRequestSignature, key: Buffer): boolean {
  const expected = createHmac(HMACS[sig.algorithm]!.digest, key).update(sig.body).digest();
  return expected.length === sig.signature.length && timingSafeEqual(expected, sig.signature);
}

/** A refusal with the HTTP status Connect answers it with. */
export class InternalRequestRefused extends ConnectException {
  constructor(readonly statusCode: number, message: string) {
    super(message);
  }
}

export class SessionKeys {
  constructor(private readonly cfg: RequestSigningConfig, private readonly store: SessionKeyStore) {}

  get enabled(): boolean {
    return this.cfg.enabled;
  }

  private keyBytes(): number {
    return (this.cfg.keySizeBits ?? HMACS[this.cfg.keyGenerationAlgorithm]!.keyBits) / 8;
  }

  /** DistributedHerder.checkForKeyRotation: the leader distributes a key when none, expired, or of another kind. */
  private needsNewKey(now: number): boolean {
    const k = this.store.sessionKey();
    if (!k) return true;
    if (k.creationTimestamp + this.cfg.keyTtlMs <= now) return true;
    return k.algorithm !== this.cfg.keyGenerationAlgorithm || k.key.length !== this.keyBytes();
  }

  /** Leader duty: write a new key when needed. Resolves with when the current key expires (epoch ms). */
  async rotateIfNeeded(now = Date.now()): Promise<number | undefined> {
    if (!this.cfg.enabled) return undefined;
    if (this.needsNewKey(now)) {
      const bits = this.keyBytes() * 8;
      const key = generateKeySync('hmac', { length: bits }).export();
      log.info({ algorithm: this.cfg.keyGenerationAlgorithm, bits }, 'Distributing a new session key');
      await this.store.putSessionKey({ key, algorithm: this.cfg.keyGenerationAlgorithm, creationTimestamp: now });
    }
    const k = this.store.sessionKey();
    return k ? k.creationTimestamp + this.cfg.keyTtlMs : undefined;
  }

  /** DistributedHerder.requestNotSignedProperly: throws Connect's refusal for a request not signed with the current key. */
  verify(sig: InternalRequestSignature | undefined): void {
    if (!this.cfg.enabled) return;
    if (!sig) throw new BadRequestException('Internal request missing required signature');
    if (!this.cfg.verificationAlgorithms.includes(sig.algorithm)) {
      throw new BadRequestException(
        `This worker does not support the '${sig.algorithm}' key signing algorithm used by other workers. ` +
          `This worker is currently configured to use: [${this.cfg.verificationAlgorithms.join(', ')}]. ` +
          "Check that all workers' configuration files permit the same set of signature algorithms, and correct any misconfigured worker and restart it.",
      );
    }
    const k = this.store.sessionKey();
    if (!k) throw new InternalRequestRefused(503, 'This worker is still starting up and has not been able to read a session key from the config topic yet');
    if (!isValid(sig, k.key)) throw new InternalRequestRefused(403, 'Internal request contained invalid signature.');
  }

  /** Headers signing `body` with the current key (for requests this worker sends), or none without a key. */
  sign(body: Buffer | string): Record<string, string> {
    const k = this.store.sessionKey();
    return this.cfg.enabled && k ? signatureHeaders(k.key, body, this.cfg.signatureAlgorithm) : {};
  }
}
