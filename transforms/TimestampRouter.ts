// TimestampRouter: route to a topic built from the record's topic and its timestamp
// (org.apache.kafka.connect.transforms.TimestampRouter).
// Deviation: a bad `timestamp.format` is rejected when the connector is configured (Kafka only
// fails on the first record).

import { ConfigDef, Validators, type ConnectRecord, DataException } from 'kconnect';
import { BaseTransformation } from './util/base.js';
import { SimpleDateFormat } from './util/SimpleDateFormat.js';

const CONFIG_DEF = new ConfigDef()
  .define('topic.format', 'STRING', '${topic}-${timestamp}', 'HIGH',
    'Format string which can contain <code>${topic}</code> and <code>${timestamp}</code> as placeholders for the topic and timestamp, respectively.')
  .define('timestamp.format', 'STRING', 'yyyyMMdd', Validators.lambda((_name, value) => {
    new SimpleDateFormat(value as string);
  }, 'a java.text.SimpleDateFormat pattern'), 'HIGH',
  'Format string for the timestamp that is compatible with <code>java.text.SimpleDateFormat</code>.');

const MAX_ROUTES = 10_000;

export class TimestampRouter<R extends ConnectRecord<R>> extends BaseTransformation<R> {
  static readonly OVERVIEW_DOC = "Update the record's topic field as a function of the original topic value and the record timestamp."
    + '<p/>This is mainly useful for sink connectors, since the topic field is often used to determine the equivalent entity name in the destination system'
    + '(e.g. database table or search index name).';
  static readonly CONFIG_DEF = CONFIG_DEF;

  private topicFormat = '';
  private timestampFormat = new SimpleDateFormat('yyyyMMdd');
  // Routings already computed: topic → formatted timestamp → new topic (cleared when it grows large).
  private routes = new Map<string, Map<string, string>>();
  private routeCount = 0;

  protected configureWith(c: Record<string, unknown>): void {
    this.topicFormat = c['topic.format'] as string;
    this.timestampFormat = new SimpleDateFormat(c['timestamp.format'] as string);
    this.routes.clear();
    this.routeCount = 0;
  }

  protected transform(record: R): R | null {
    const timestamp = record.timestamp;
    if (timestamp === null) throw new DataException(`Timestamp missing on record: ${String(record)}`);
    return record.newRecord({ topic: this.route(record.topic, this.timestampFormat.format(timestamp)) });
  }

  /** Java replaces ${topic}, then ${timestamp} in the result; a routing is computed once. */
  private route(topic: string, formatted: string): string {
    let byTimestamp = this.routes.get(topic);
    let result = byTimestamp?.get(formatted);
    if (result !== undefined) return result;
    if (this.routeCount >= MAX_ROUTES) {
      this.routes.clear();
      this.routeCount = 0;
      byTimestamp = undefined;
    }
    if (byTimestamp === undefined) this.routes.set(topic, (byTimestamp = new Map()));
    result = this.topicFormat.split('${topic}').join(topic).split('${timestamp}').join(formatted);
    byTimestamp.set(formatted, result);
    this.routeCount++;
    return result;
  }
}
