// Confluent's subject name strategies, by their class names: which registry subject a topic's key or
// value schema is registered under.

import { ConfigException, DataException } from '../../data/errors.js';

/** (topic, isKey, record name of the schema) → subject. */
export type SubjectNameStrategy = (topic: string, isKey: boolean, recordName: string | undefined) => string;

const topicName: SubjectNameStrategy = (topic, isKey) => `${topic}${isKey ? '-key' : '-value'}`;

const recordName: SubjectNameStrategy = (_topic, _isKey, name) => {
  if (!name) throw new DataException('RecordNameStrategy needs a named schema (an Avro record, a JSON Schema with a title, a Protobuf message)');
  return name;
};

const topicRecordName: SubjectNameStrategy = (topic, isKey, name) => `${topic}-${recordName(topic, isKey, name)}`;

const STRATEGIES: Record<string, SubjectNameStrategy> = {
  TopicNameStrategy: topicName,
  RecordNameStrategy: recordName,
  TopicRecordNameStrategy: topicRecordName,
};

/** Accepts Confluent's class names (both packages they have lived in) and the simple names. */
export function subjectNameStrategy(key: string, className: string): SubjectNameStrategy {
  const simple = className.slice(className.lastIndexOf('.') + 1);
  const s = STRATEGIES[simple];
  if (!s) {
    throw new ConfigException(key, className,
      'unknown subject name strategy; use io.confluent.kafka.serializers.subject.TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy');
  }
  return s;
}
