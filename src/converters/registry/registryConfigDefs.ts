// The ConfigDefs of Confluent's AvroConverter, JsonSchemaConverter and ProtobufConverter: the keys,
// types, defaults and docs of AbstractKafkaSchemaSerDeConfig (with its schema.registry.ssl.* client
// keys) and of each format's data config (AbstractDataConfig + AvroDataConfig / JsonSchemaDataConfig
// / ProtobufDataConfig). GET /connector-plugins/{converter}/config and config/validate answer from
// these, and each converter's configure() parses its settings through the same definition, so a
// default or a rule is written once (registryConfig.ts turns the parsed values into a client config).
//
// Keys Confluent defines for features kconnect does not implement (data contracts' rule executors,
// schema id serializers, proxies, OAuth client credentials) are declared too, so configs copied from
// a Confluent worker validate; their docs say that kconnect ignores them.

import { ConfigDef, Validators, type ConfigKeyDef, type Validator } from '../../api/ConfigDef.js';
import { subjectNameStrategy } from './subjectNames.js';

const IGNORED = ' (Accepted for compatibility; kconnect does not use it.)';

const httpUrls: Validator = Validators.lambda((_name, value) => {
  if (!Array.isArray(value)) return undefined;
  if (value.length === 0) return 'needs at least one URL';
  for (const u of value as string[]) {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      return `"${u}" is not a URL`;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `"${u}" must start with http:// or https://`;
  }
  return undefined;
}, 'comma-separated http:// or https:// URLs');

const strategyClass: Validator = Validators.lambda((name, value) => {
  if (typeof value === 'string') subjectNameStrategy(name, value);
  return undefined;
}, 'TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy (io.confluent.kafka.serializers.subject.*)');

const DEFAULT_STRATEGY = 'io.confluent.kafka.serializers.subject.TopicNameStrategy';

function def(name: string, type: ConfigKeyDef['type'], defaultValue: unknown, importance: ConfigKeyDef['importance'],
  documentation: string, validator?: Validator): ConfigKeyDef {
  return validator ? { name, type, defaultValue, importance, documentation, validator } : { name, type, defaultValue, importance, documentation };
}

/** AbstractKafkaSchemaSerDeConfig.baseConfigDef(), with the defaults of the behaviour kconnect implements. */
const SERDE_KEYS: ConfigKeyDef[] = [
  def('schema.registry.url', 'LIST', undefined, 'HIGH',
    'Comma-separated list of URLs for schema registry instances that can be used to register or look up schemas. '
    + 'kconnect tries them in order and fails over to the next on a connection error.', httpUrls),
  def('schema.registry.url.randomize', 'BOOLEAN', false, 'LOW',
    'Whether to randomize the starting index of the schema registry URL list.' + IGNORED),
  def('max.schemas.per.subject', 'INT', 1000, 'LOW', 'Maximum number of schemas to create or cache locally.'),
  def('normalize.schemas', 'BOOLEAN', false, 'MEDIUM',
    'Whether to normalize schemas, which generally ignores ordering when it is not significant'),
  def('auto.register.schemas', 'BOOLEAN', true, 'MEDIUM',
    'Specify if the Serializer should attempt to register the Schema with Schema Registry'),
  def('propagate.schema.tags', 'BOOLEAN', false, 'LOW',
    'Whether to propagate schema tags from a previous schema version during registration' + IGNORED),
  def('use.schema.id', 'INT', -1, 'LOW', 'Schema ID to use for serialization' + IGNORED),
  def('use.schema.guid', 'STRING', null, 'LOW', 'Schema GUID to use for serialization' + IGNORED),
  def('id.compatibility.strict', 'BOOLEAN', true, 'LOW',
    'Whether to check for backward compatibility between the schema with the given ID and the schema of the object to be serialized'),
  def('use.latest.version', 'BOOLEAN', false, 'LOW',
    'Specify if the Serializer should use the latest subject version for serialization'),
  def('latest.compatibility.strict', 'BOOLEAN', true, 'LOW',
    'Whether to check for backward compatibility between the latest subject version and the Schema of the object to be serialized'),
  def('latest.cache.size', 'INT', 1000, 'LOW', 'The maximum size for caches holding latest schemas'),
  def('latest.cache.ttl.sec', 'INT', -1, 'LOW', 'The TTL for caches holding latest schemas, or -1 for no TTL'),
  def('use.latest.with.metadata', 'STRING', null, 'LOW',
    "Specify if the Serializer or Deserializer should use the latest subject version with the given metadata property and value, for example, 'application.version=v1'" + IGNORED),
  def('schema.format', 'STRING', null, 'LOW', 'The schema format to use when registering or looking up schemas.' + IGNORED),
  def('execution.environment', 'STRING', null, 'MEDIUM',
    'The execution environment, one of ALL, CLIENT, GATEWAY, SERVER, or NONE' + IGNORED),
  def('rule.executors', 'LIST', '', 'LOW', 'A comma-separated list of rule executor names.' + IGNORED),
  def('rule.actions', 'LIST', '', 'LOW', 'A comma-separated list of rule action names.' + IGNORED),
  def('rule.service.loader.enable', 'BOOLEAN', true, 'LOW',
    'Whether to enable the ServiceLoader for rule executors, defaults to true.' + IGNORED),
  def('basic.auth.credentials.source', 'STRING', 'URL', 'MEDIUM',
    'Specify how to pick the credentials for Basic Auth header. The supported values are URL, USER_INFO and SASL_INHERIT',
    Validators.caseInsensitiveIn('URL', 'USER_INFO', 'SASL_INHERIT')),
  def('bearer.auth.credentials.source', 'STRING', 'STATIC_TOKEN', 'MEDIUM',
    'Specify how to pick the credentials for Bearer Auth header. Bearer auth is used only when this key is set; '
    + 'kconnect supports STATIC_TOKEN.', Validators.caseInsensitiveIn('STATIC_TOKEN')),
  def('schema.registry.basic.auth.user.info', 'PASSWORD', '', 'MEDIUM',
    'Specify the user info for Basic Auth in the form of {username}:{password}'),
  def('basic.auth.user.info', 'PASSWORD', '', 'MEDIUM',
    'Specify the user info for Basic Auth in the form of {username}:{password}'),
  def('bearer.auth.token', 'PASSWORD', '', 'MEDIUM', 'Specify the Bearer token to be used for authentication'),
  def('bearer.auth.issuer.endpoint.url', 'STRING', null, 'MEDIUM',
    'The HTTP(S)-based URL for the OAuth/OIDC identity provider which issues access token' + IGNORED),
  def('bearer.auth.client.id', 'STRING', null, 'MEDIUM',
    'Client Id used to obtain Client Credentials Grant from OAuth/OIDC identity provider' + IGNORED),
  def('bearer.auth.client.secret', 'PASSWORD', null, 'MEDIUM',
    'Client secret used to obtain Client Credentials Grant from OAuth/OIDC identity provider' + IGNORED),
  def('bearer.auth.scope', 'STRING', null, 'MEDIUM',
    'Access Token Scope used to obtain Client Credentials Grant OAuth/OIDC identity provider' + IGNORED),
  def('bearer.auth.scope.claim.name', 'STRING', 'scope', 'LOW', 'The OAuth claim for the scope.' + IGNORED),
  def('bearer.auth.sub.claim.name', 'STRING', 'sub', 'LOW', 'The OAuth claim for the subject.' + IGNORED),
  def('bearer.auth.identity.pool.id', 'STRING', null, 'MEDIUM',
    'Additional property which can added in Request header to Schema Registry' + IGNORED),
  def('bearer.auth.logical.cluster', 'STRING', null, 'MEDIUM',
    'Additional property which can added in Request header to Schema Registry' + IGNORED),
  def('bearer.auth.cache.expiry.buffer.seconds', 'SHORT', 300, 'LOW',
    'The amount of buffer time between expiration times of the OAuth Token and corresponding cache which hold the token.' + IGNORED,
    Validators.between(0, 3600)),
  def('bearer.auth.custom.provider.class', 'STRING', null, 'MEDIUM',
    'Custom class which will provide the token credential.' + IGNORED),
  def('context.name.strategy', 'CLASS', 'io.confluent.kafka.serializers.context.NullContextNameStrategy', 'MEDIUM',
    'A class used to determine the schema registry context.' + IGNORED),
  def('key.subject.name.strategy', 'CLASS', DEFAULT_STRATEGY, 'MEDIUM',
    'Determines how to construct the subject name under which the key schema is registered with the schema registry. '
    + 'By default, <topic>-key is used as subject.', strategyClass),
  def('value.subject.name.strategy', 'CLASS', DEFAULT_STRATEGY, 'MEDIUM',
    'Determines how to construct the subject name under which the value schema is registered with the schema registry. '
    + 'By default, <topic>-value is used as subject.', strategyClass),
  def('schema.reflection', 'BOOLEAN', false, 'LOW', 'If true, uses the reflection API when serializing/deserializing' + IGNORED),
  def('proxy.host', 'STRING', '', 'LOW',
    'The hostname, or address, of the proxy server that will be used to connect to the schema registry instances.' + IGNORED),
  def('proxy.port', 'INT', -1, 'LOW',
    'The port number of the proxy server that will be used to connect to the schema registry instances.' + IGNORED),
  def('http.connect.timeout.ms', 'INT', 60000, 'LOW', 'Specify the http connection timeout in milliseconds for schema registry client',
    Validators.atLeast(0)),
  def('http.read.timeout.ms', 'INT', 60000, 'LOW', 'Specify the http read timeout in milliseconds for schema registry client',
    Validators.atLeast(0)),
  def('max.retries', 'INT', 3, 'LOW', 'The maximum number of retries for a request'),
  def('retries.wait.ms', 'INT', 1000, 'LOW', 'The maximum time to wait for the first retry.'),
  def('retries.max.wait.ms', 'INT', 20000, 'LOW', 'The maximum time to wait for any retry.'),
];

const SSL = 'schema.registry.ssl.';
/** Kafka's SslConfigs.addClientSslSupport under `schema.registry.` (SchemaRegistryClientConfig.withClientSslSupport). */
const SSL_KEYS: ConfigKeyDef[] = [
  def(`${SSL}protocol`, 'STRING', 'TLSv1.3', 'MEDIUM', 'The SSL protocol used to generate the SSLContext.' + IGNORED),
  def(`${SSL}provider`, 'STRING', null, 'MEDIUM', 'The name of the security provider used for SSL connections.' + IGNORED),
  def(`${SSL}cipher.suites`, 'LIST', null, 'LOW', 'A list of cipher suites.' + IGNORED),
  def(`${SSL}enabled.protocols`, 'LIST', 'TLSv1.2,TLSv1.3', 'MEDIUM', 'The list of protocols enabled for SSL connections.' + IGNORED),
  def(`${SSL}keystore.type`, 'STRING', 'JKS', 'MEDIUM',
    'The file format of the key store file. kconnect (Node.js) reads PKCS12 and PEM; JKS is refused.'),
  def(`${SSL}keystore.location`, 'STRING', null, 'HIGH', 'The location of the key store file, for client authentication to the registry.'),
  def(`${SSL}keystore.password`, 'PASSWORD', null, 'HIGH', 'The store password for the key store file.'),
  def(`${SSL}key.password`, 'PASSWORD', null, 'HIGH', 'The password of the private key in the key store file or the PEM key.'),
  def(`${SSL}keystore.key`, 'PASSWORD', null, 'HIGH', 'Private key in the format specified by ssl.keystore.type (PEM).'),
  def(`${SSL}keystore.certificate.chain`, 'PASSWORD', null, 'HIGH', 'Certificate chain in the format specified by ssl.keystore.type (PEM).'),
  def(`${SSL}truststore.certificates`, 'PASSWORD', null, 'HIGH', 'Trusted certificates in the format specified by ssl.truststore.type (PEM).'),
  def(`${SSL}truststore.type`, 'STRING', 'JKS', 'MEDIUM',
    'The file format of the trust store file. kconnect (Node.js) reads PEM trust stores; JKS and PKCS12 are refused.'),
  def(`${SSL}truststore.location`, 'STRING', null, 'HIGH', 'The location of the trust store file.'),
  def(`${SSL}truststore.password`, 'PASSWORD', null, 'HIGH', 'The password for the trust store file.' + IGNORED),
  def(`${SSL}keymanager.algorithm`, 'STRING', 'SunX509', 'LOW', 'The algorithm used by key manager factory for SSL connections.' + IGNORED),
  def(`${SSL}trustmanager.algorithm`, 'STRING', 'PKIX', 'LOW', 'The algorithm used by trust manager factory for SSL connections.' + IGNORED),
  def(`${SSL}endpoint.identification.algorithm`, 'STRING', 'https', 'LOW',
    'The endpoint identification algorithm to validate server hostname using server certificate; empty disables the check.'),
  def(`${SSL}secure.random.implementation`, 'STRING', null, 'LOW', 'The SecureRandom PRNG implementation to use for SSL cryptography operations.' + IGNORED),
  def(`${SSL}engine.factory.class`, 'CLASS', null, 'LOW', 'The class of type org.apache.kafka.common.security.auth.SslEngineFactory.' + IGNORED),
];

/** AbstractDataConfig.baseConfigDef(). */
const DATA_KEYS: ConfigKeyDef[] = [
  def('generalized.sum.type.support', 'BOOLEAN', false, 'MEDIUM',
    'Toggle for enabling/disabling generalized sum type support: interoperability of enum/union with other schema formats' + IGNORED),
  def('ignore.default.for.nullables', 'BOOLEAN', false, 'MEDIUM',
    'Whether to ignore the default for nullable fields when the value is null' + IGNORED),
  def('schemas.cache.config', 'INT', 1000, 'LOW', 'Size of the converted schemas cache'),
];

const AVRO_KEYS: ConfigKeyDef[] = [
  def('enhanced.avro.schema.support', 'BOOLEAN', false, 'MEDIUM',
    'Toggle for enabling/disabling enhanced avro schema support: Enum symbol preservation and Package Name awareness'),
  def('scrub.invalid.names', 'BOOLEAN', false, 'MEDIUM',
    'Whether to scrub invalid names by replacing invalid characters with valid ones'),
  def('connect.meta.data', 'BOOLEAN', true, 'LOW',
    'Toggle for enabling/disabling connect converter to add its meta data to the output schema or not'),
  def('discard.type.doc.default', 'BOOLEAN', false, 'LOW',
    'Only Avro field doc and default will be retained during conversion of Avro and Connect schema.' + IGNORED),
  def('allow.optional.map.keys', 'BOOLEAN', false, 'LOW',
    'Allow optional string map key when converting from Connect Schema to Avro Schema.' + IGNORED),
  def('flatten.singleton.unions', 'BOOLEAN', true, 'LOW', 'Whether to flatten singleton unions' + IGNORED),
];

const JSON_SCHEMA_KEYS: ConfigKeyDef[] = [
  def('object.additional.properties', 'BOOLEAN', true, 'MEDIUM', 'Whether to allow additional properties for object schemas.' + IGNORED),
  def('use.optional.for.nonrequired', 'BOOLEAN', false, 'MEDIUM', 'Whether to set non-required properties to be optional.' + IGNORED),
  def('ignore.modern.dialects', 'BOOLEAN', false, 'LOW',
    'Whether to ignore modern dialects of JSON Schema after draft 7, in which case draft 7 will be used.' + IGNORED),
  def('decimal.format', 'STRING', 'BASE64', 'LOW',
    "Controls which format this converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
    Validators.caseInsensitiveIn('BASE64', 'NUMERIC')),
  def('flatten.singleton.unions', 'BOOLEAN', true, 'LOW', 'Whether to flatten singleton unions' + IGNORED),
  def('preserve.additional.properties', 'BOOLEAN', false, 'MEDIUM',
    'When true, this converter preserves undeclared JSON properties permitted by the schema.' + IGNORED),
  def('json.fail.unknown.properties', 'BOOLEAN', true, 'LOW',
    'Whether to fail deserialization if unknown JSON properties are encountered'),
  def('json.fail.invalid.schema', 'BOOLEAN', false, 'MEDIUM',
    'Whether to fail deserialization if the payload does not match the schema'),
];

const PROTOBUF_KEYS: ConfigKeyDef[] = [
  def('enhanced.protobuf.schema.support', 'BOOLEAN', false, 'MEDIUM',
    'Toggle for enabling/disabling enhanced protobuf schema support: package name preservation' + IGNORED),
  def('scrub.invalid.names', 'BOOLEAN', false, 'MEDIUM',
    'Whether to scrub invalid names by replacing invalid characters with valid ones' + IGNORED),
  def('int.for.enums', 'BOOLEAN', false, 'MEDIUM', 'Whether to represent enums as integers' + IGNORED),
  def('optional.for.nullables', 'BOOLEAN', false, 'MEDIUM', 'Whether nullable fields should be specified with an optional label' + IGNORED),
  def('optional.for.proto2', 'BOOLEAN', true, 'MEDIUM', 'Whether proto2 optionals are supported' + IGNORED),
  def('wrapper.for.nullables', 'BOOLEAN', false, 'MEDIUM', 'Whether nullable fields should use primitive wrapper messages' + IGNORED),
  def('wrapper.for.raw.primitives', 'BOOLEAN', true, 'MEDIUM',
    'Whether a wrapper message should be interpreted as a raw primitive at the root level' + IGNORED),
  def('generate.struct.for.nulls', 'BOOLEAN', false, 'MEDIUM', 'Whether to generate a default struct for null messages' + IGNORED),
  def('generate.index.for.unions', 'BOOLEAN', true, 'LOW',
    'Whether to suffix union names with an underscore followed by an index'),
  def('flatten.unions', 'BOOLEAN', false, 'LOW', 'Whether to flatten unions (oneofs)' + IGNORED),
];

function build(...groups: ConfigKeyDef[][]): ConfigDef {
  const out = new ConfigDef();
  for (const keys of groups) for (const k of keys) out.define(k);
  return out;
}

/** io.confluent.connect.avro.AvroConverter: AvroConverterConfig + AvroDataConfig. */
export const AVRO_CONVERTER_CONFIG = build(SERDE_KEYS, SSL_KEYS, DATA_KEYS, AVRO_KEYS);
/** io.confluent.connect.json.JsonSchemaConverter: JsonSchemaConverterConfig + JsonSchemaDataConfig + the deserializer's json.fail.* keys. */
export const JSON_SCHEMA_CONVERTER_CONFIG = build(SERDE_KEYS, SSL_KEYS, DATA_KEYS, JSON_SCHEMA_KEYS);
/** io.confluent.connect.protobuf.ProtobufConverter: ProtobufConverterConfig + ProtobufDataConfig. */
export const PROTOBUF_CONVERTER_CONFIG = build(SERDE_KEYS, SSL_KEYS, DATA_KEYS, PROTOBUF_KEYS);
