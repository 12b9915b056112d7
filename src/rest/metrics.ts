// GET /metrics: Kafka Connect's metrics in Prometheus text, named exactly as Strimzi's jmx_exporter
// rules (packaging/examples/metrics/kafka-connect-metrics.yaml, lowercaseOutputName and
// lowercaseOutputLabelNames) turn Connect's MBeans into names, so Strimzi's Grafana dashboard and
// alerts work unchanged. Beside them: Node's own process metrics (prom-client's defaults), and the
// few JVM names the dashboard's JVM row reads, filled with Node's equivalents.
//
// Nothing here runs per record: the herder hands over a plain-data snapshot on each scrape, and
// this module turns it into series. Rates are derived here from successive scrapes.

import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { Counter, Gauge, Registry, Summary, collectDefaultMetrics } from 'prom-client';
import type { Herder } from '../herder/Herder.js';
import type { ConnectMetricsSnapshot, StatSnapshot, TaskMetricsInfo } from '../herder/types.js';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Record<string, string>;

/** Kafka's rates: per second over the last two 30 s windows. */
const RATE_WINDOW_MS = 60_000;

/** Per-series history of a total, to turn totals into Kafka's `*-rate` gauges. */
class Rates {
  private readonly history = new Map<string, Array<[number, number]>>();
  private seen = new Set<string>();

  rate(key: string, total: number, now: number): number {
    this.seen.add(key);
    let h = this.history.get(key);
    if (!h) this.history.set(key, (h = []));
    h.push([now, total]);
    while (h.length > 2 && now - h[1]![0] >= RATE_WINDOW_MS) h.shift();
    const [t0, v0] = h[0]!;
    return now > t0 ? Math.max(0, ((total - v0) * 1000) / (now - t0)) : 0;
  }

  /** Forgets series that were not in this scrape (a stopped task must not keep its history). */
  endScrape(): void {
    for (const key of this.history.keys()) if (!this.seen.has(key)) this.history.delete(key);
    this.seen = new Set();
  }
}

const STATES = ['running', 'paused', 'failed', 'unassigned', 'destroyed', 'restarting', 'stopped'] as const;

const avg = (s: StatSnapshot, prev: StatSnapshot | undefined): number => {
  const count = s.count - (prev?.count ?? 0);
  return count > 0 ? (s.sum - (prev?.sum ?? 0)) / count : Number.NaN;
};

const percentage = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);

/** Builds Connect's series from snapshots; one per worker, shared by every listener. */
export class ConnectMetricsExporter {
  private readonly connect = new Registry();
  private readonly node = new Registry();
  private readonly gauges = new Map<string, Gauge>();
  private readonly counters = new Map<string, Counter>();
  private readonly rates = new Rates();
  /** The last snapshot's windowed stats per task, for averages over the time since. */
  private lastStats = new Map<string, Record<string, StatSnapshot>>();
  /** The main thread and the task threads, as of the last snapshot. */
  private jsThreads = 1;
  private scraping: Promise<string> = Promise.resolve('');
  private readonly startedAt = Date.now();

  constructor(
    private readonly herder: Herder,
    private readonly version: string,
    private readonly commit: string,
  ) {
    collectDefaultMetrics({ register: this.node });
    // Gauges named like counters, which Prometheus's lint rejects; nodejs_active_{handles,requests,resources} carry the same by type.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) this.node.removeSingleMetric(name);
    this.jvmCompatibility();
  }

  /** The whole text of one scrape. Scrapes run one at a time (they share the registry). */
  scrape(): Promise<string> {
    const next = this.scraping.catch(() => '').then(async () => {
      this.connect.resetMetrics();
      this.fill(this.herder.metrics(), Date.now());
      return (await this.connect.metrics()) + (await this.node.metrics());
    });
    this.scraping = next;
    return next;
  }

  private gauge(name: string, help: string, labels: Labels, value: number): void {
    let g = this.gauges.get(name);
    if (!g) {
      g = new Gauge({ name, help, labelNames: Object.keys(labels), registers: [this.connect] });
      this.gauges.set(name, g);
    }
    g.set(labels, value);
  }

  private counter(name: string, help: string, labels: Labels, value: number): void {
    let c = this.counters.get(name);
    if (!c) {
      c = new Counter({ name, help, labelNames: Object.keys(labels), registers: [this.connect] });
      this.counters.set(name, c);
    }
    c.inc(labels, value);
  }

  /** A Kafka `*-total` and its `*-rate`, as Strimzi names both. */
  private totalAndRate(prefix: string, help: string, labels: Labels, total: number, now: number): void {
    this.counter(`${prefix}_total`, help, labels, total);
    this.gauge(`${prefix}_rate`, `${help}, per second`, labels, this.rates.rate(`${prefix}${JSON.stringify(labels)}`, total, now));
  }

  private fill(m: ConnectMetricsSnapshot, now: number): void {
    this.jsThreads = 1 + m.taskThreads;
    this.worker(m);
    this.rebalance(m);
    for (const c of m.connectors) {
      const l = { connector: c.name };
      this.gauge('kafka_connect_connector_connector_class', 'Kafka Connect connector-metrics connector-class', { ...l, connector_class: c.className }, 1);
      this.gauge('kafka_connect_connector_connector_version', 'Kafka Connect connector-metrics connector-version', { ...l, connector_version: c.version }, 1);
      this.gauge('kafka_connect_connector_connector_type', 'Kafka Connect connector-metrics connector-type', { ...l, connector_type: c.type }, 1);
      this.gauge('kafka_connect_connector_status', 'Kafka Connect connector-metrics status', { ...l, status: c.state.toLowerCase() }, 1);
    }
    const stats = new Map<string, Record<string, StatSnapshot>>();
    for (const t of m.tasks) stats.set(`${t.connector}\u0000${t.task}`, this.task(t, now));
    this.lastStats = stats;
    for (const c of m.clients) {
      const prefix = { producer: 'kafka_producer', consumer: 'kafka_consumer', admin: 'kafka_admin_client', connect: 'kafka_connect' }[c.kind];
      const group = `${c.kind === 'admin' ? 'admin-client' : c.kind}-metrics`;
      const l = { clientid: c.clientId };
      this.gauge(`${prefix}_connection_count`, `Kafka ${group} connection-count`, l, c.connectionCount);
      this.counter(`${prefix}_connection_creation_total`, `Kafka ${group} connection-creation-total`, l, c.connectionCreationTotal);
      this.counter(`${prefix}_connection_close_total`, `Kafka ${group} connection-close-total`, l, c.connectionCloseTotal);
      this.counter(`${prefix}_outgoing_byte_total`, `Kafka ${group} outgoing-byte-total`, l, c.outgoingByteTotal);
      this.counter(`${prefix}_incoming_byte_total`, `Kafka ${group} incoming-byte-total`, l, c.incomingByteTotal);
    }
    this.rates.endScrape();
  }

  private worker(m: ConnectMetricsSnapshot): void {
    const clientid = `connect-${m.workerId}`;
    this.gauge('kafka_connect_start_time_seconds', 'Kafka Connect app-info start-time-ms, in seconds', { clientid }, this.startedAt / 1000);
    this.gauge('kafka_connect_version_info', 'Kafka Connect app-info version', { clientid, version: this.version }, 1);
    this.gauge('kafka_connect_commit_id_info', 'Kafka Connect app-info commit-id', { clientid, commit_id: this.commit }, 1);
    this.gauge('kafka_connect_worker_connector_count', 'Kafka Connect connect-worker-metrics connector-count', {}, m.connectors.length);
    this.gauge('kafka_connect_worker_task_count', 'Kafka Connect connect-worker-metrics task-count', {}, m.taskStates.length);
    for (const [what, s] of [['connector', m.connectorStartup], ['task', m.taskStartup]] as const) {
      const p = `kafka_connect_worker_${what}_startup`;
      const help = `Kafka Connect connect-worker-metrics ${what}-startup`;
      this.counter(`${p}_attempts_total`, `${help}-attempts-total`, {}, s.attempts);
      this.counter(`${p}_success_total`, `${help}-success-total`, {}, s.successes);
      this.counter(`${p}_failure_total`, `${help}-failure-total`, {}, s.failures);
      this.gauge(`${p}_success_percentage`, `${help}-success-percentage`, {}, percentage(s.successes, s.attempts));
      this.gauge(`${p}_failure_percentage`, `${help}-failure-percentage`, {}, percentage(s.failures, s.attempts));
    }
    const perConnector = new Map<string, Map<string, number>>();
    for (const c of m.connectors) perConnector.set(c.name, new Map());
    for (const t of m.taskStates) {
      let counts = perConnector.get(t.connector);
      if (!counts) perConnector.set(t.connector, (counts = new Map()));
      const s = t.state.toLowerCase();
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    for (const [connector, counts] of perConnector) {
      const l = { connector };
      const help = 'Kafka Connect connect-worker-metrics connector';
      this.gauge('kafka_connect_worker_connector_total_task_count', `${help}-total-task-count`, l, [...counts.values()].reduce((a, b) => a + b, 0));
      for (const s of STATES) {
        if (s === 'stopped') continue;
        this.gauge(`kafka_connect_worker_connector_${s}_task_count`, `${help}-${s}-task-count`, l, counts.get(s) ?? 0);
      }
    }
  }

  private rebalance(m: ConnectMetricsSnapshot): void {
    const r = m.rebalance;
    const help = 'Kafka Connect connect-worker-rebalance-metrics';
    this.gauge('kafka_connect_worker_rebalance_leader_name', `${help} leader-name`, { leader_name: r.leaderName }, 1);
    this.gauge('kafka_connect_worker_rebalance_connect_protocol', `${help} connect-protocol`, { connect_protocol: r.connectProtocol }, 1);
    this.gauge('kafka_connect_worker_rebalance_epoch', `${help} epoch`, {}, r.epoch);
    this.counter('kafka_connect_worker_rebalance_completed_rebalances_total', `${help} completed-rebalances-total`, {}, r.completedRebalances);
    this.gauge('kafka_connect_worker_rebalance_rebalancing', `${help} rebalancing`, {}, r.rebalancing ? 1 : 0);
    this.gauge('kafka_connect_worker_rebalance_rebalance_max_time_ms', `${help} rebalance-max-time-ms`, {}, r.rebalanceMaxMs);
    this.gauge('kafka_connect_worker_rebalance_rebalance_avg_time_ms', `${help} rebalance-avg-time-ms`, {}, r.rebalanceAvgMs);
    this.gauge('kafka_connect_worker_rebalance_time_since_last_rebalance_ms', `${help} time-since-last-rebalance-ms`, {}, r.timeSinceLastRebalanceMs);
    const clientid = `connect-${m.workerId}`;
    this.gauge('kafka_connect_coordinator_assigned_connectors', 'Kafka Connect connect-coordinator-metrics assigned-connectors', { clientid }, r.assignedConnectors);
    this.gauge('kafka_connect_coordinator_assigned_tasks', 'Kafka Connect connect-coordinator-metrics assigned-tasks', { clientid }, r.assignedTasks);
  }

  /** One task's series; returns its windowed stats for the next scrape's averages. */
  private task(t: TaskMetricsInfo, now: number): Record<string, StatSnapshot> {
    const l = { connector: t.connector, task: String(t.task) };
    const prev = this.lastStats.get(`${t.connector}\u0000${t.task}`);
    const ct = 'Kafka Connect connector-task-metrics';
    this.gauge('kafka_connect_connector_task_status', `${ct} status`, { ...l, status: t.state.toLowerCase() }, 1);
    this.gauge('kafka_connect_connector_task_running_ratio', `${ct} running-ratio`, l, t.runningRatio);
    this.gauge('kafka_connect_connector_task_pause_ratio', `${ct} pause-ratio`, l, t.pauseRatio);
    this.gauge('kafka_connect_connector_task_batch_size_max', `${ct} batch-size-max`, l, t.batchSize.max);
    this.gauge('kafka_connect_connector_task_batch_size_avg', `${ct} batch-size-avg`, l, avg(t.batchSize, prev?.['batchSize']));
    this.gauge('kafka_connect_connector_task_offset_commit_max_time_ms', `${ct} offset-commit-max-time-ms`, l, t.offsetCommitMs.max);
    this.gauge('kafka_connect_connector_task_offset_commit_avg_time_ms', `${ct} offset-commit-avg-time-ms`, l, avg(t.offsetCommitMs, prev?.['offsetCommitMs']));
    const commits = t.offsetCommitSuccesses + t.offsetCommitFailures;
    this.gauge('kafka_connect_connector_task_offset_commit_success_percentage', `${ct} offset-commit-success-percentage`, l, percentage(t.offsetCommitSuccesses, commits));
    this.gauge('kafka_connect_connector_task_offset_commit_failure_percentage', `${ct} offset-commit-failure-percentage`, l, percentage(t.offsetCommitFailures, commits));
    const stats: Record<string, StatSnapshot> = { batchSize: t.batchSize, offsetCommitMs: t.offsetCommitMs };

    if (t.source) {
      const s = t.source;
      const st = 'Kafka Connect source-task-metrics';
      this.totalAndRate('kafka_connect_source_task_source_record_poll', `${st} source-record-poll`, l, s.pollTotal, now);
      this.totalAndRate('kafka_connect_source_task_source_record_write', `${st} source-record-write`, l, s.writeTotal, now);
      this.gauge('kafka_connect_source_task_source_record_active_count', `${st} source-record-active-count`, l, s.activeCount);
      this.gauge('kafka_connect_source_task_poll_batch_max_time_ms', `${st} poll-batch-max-time-ms`, l, s.pollBatchMs.max);
      this.gauge('kafka_connect_source_task_poll_batch_avg_time_ms', `${st} poll-batch-avg-time-ms`, l, avg(s.pollBatchMs, prev?.['pollBatchMs']));
      stats['pollBatchMs'] = s.pollBatchMs;
    }
    if (t.sink) {
      const s = t.sink;
      const st = 'Kafka Connect sink-task-metrics';
      this.totalAndRate('kafka_connect_sink_task_sink_record_read', `${st} sink-record-read`, l, s.readTotal, now);
      this.totalAndRate('kafka_connect_sink_task_sink_record_send', `${st} sink-record-send`, l, s.sendTotal, now);
      this.totalAndRate('kafka_connect_sink_task_offset_commit_completion', `${st} offset-commit-completion`, l, s.offsetCommitCompletionTotal, now);
      this.totalAndRate('kafka_connect_sink_task_offset_commit_skip', `${st} offset-commit-skip`, l, s.offsetCommitSkipTotal, now);
      this.gauge('kafka_connect_sink_task_sink_record_active_count', `${st} sink-record-active-count`, l, s.activeCount);
      this.gauge('kafka_connect_sink_task_sink_record_lag_max', `${st} sink-record-lag-max`, l, s.lagMax);
      this.gauge('kafka_connect_sink_task_partition_count', `${st} partition-count`, l, s.partitionCount);
      this.gauge('kafka_connect_sink_task_offset_commit_seq_no', `${st} offset-commit-seq-no`, l, s.offsetCommitSeqNo);
      this.gauge('kafka_connect_sink_task_put_batch_max_time_ms', `${st} put-batch-max-time-ms`, l, s.putBatchMs.max);
      this.gauge('kafka_connect_sink_task_put_batch_avg_time_ms', `${st} put-batch-avg-time-ms`, l, avg(s.putBatchMs, prev?.['putBatchMs']));
      stats['putBatchMs'] = s.putBatchMs;
    }

    const e = t.errors;
    const et = 'Kafka Connect task-error-metrics';
    this.gauge('kafka_connect_task_error_total_record_failures', `${et} total-record-failures`, l, e.totalRecordFailures);
    this.gauge('kafka_connect_task_error_total_record_errors', `${et} total-record-errors`, l, e.totalRecordErrors);
    this.gauge('kafka_connect_task_error_total_records_skipped', `${et} total-records-skipped`, l, e.totalRecordsSkipped);
    this.gauge('kafka_connect_task_error_total_retries', `${et} total-retries`, l, e.totalRetries);
    this.gauge('kafka_connect_task_error_total_errors_logged', `${et} total-errors-logged`, l, e.totalErrorsLogged);
    this.gauge('kafka_connect_task_error_deadletterqueue_produce_requests', `${et} deadletterqueue-produce-requests`, l, e.deadletterqueueProduceRequests);
    this.gauge('kafka_connect_task_error_deadletterqueue_produce_failures', `${et} deadletterqueue-produce-failures`, l, e.deadletterqueueProduceFailures);
    this.gauge('kafka_connect_task_error_last_error_timestamp', `${et} last-error-timestamp`, l, e.lastErrorTimestamp);

    // Self-healing (ours, so under our own prefix).
    this.gauge('kconnect_task_restart_attempts', 'Restarts of this task by task.restart.on.failure since it last ran well', l, t.restartAttempts);
    if (t.lastError) {
      this.gauge('kconnect_task_restart_last_error_info', 'The error behind the last self-healing restart', { ...l, error: t.lastError.slice(0, 200) }, 1);
    }
    return stats;
  }

  /**
   * Strimzi's dashboard has a JVM row (memory, GC time, threads). The same names carry Node's
   * equivalents, so the row shows this worker instead of staying empty: heap/non-heap bytes, time
   * in GC by kind, and JS threads.
   */
  private jvmCompatibility(): void {
    const exporter = this;
    new Gauge({
      name: 'jvm_memory_used_bytes',
      help: 'Node.js memory in the JVM metric\'s shape: area="heap" is the V8 heap used, area="nonheap" the rest of the resident set',
      labelNames: ['area'],
      registers: [this.node],
      collect() {
        const mem = process.memoryUsage();
        this.set({ area: 'heap' }, mem.heapUsed);
        this.set({ area: 'nonheap' }, Math.max(0, mem.rss - mem.heapUsed));
      },
    });
    new Gauge({
      name: 'jvm_threads_current',
      help: 'JavaScript threads of this worker: the main thread and the task threads (the JVM metric\'s name)',
      registers: [this.node],
      collect() {
        this.set(exporter.jsThreads);
      },
    });
    const gc = new Summary({
      name: 'jvm_gc_collection_seconds',
      help: 'Time spent in garbage collection by kind (the JVM metric\'s name)',
      labelNames: ['gc'],
      percentiles: [],
      registers: [this.node],
    });
    const kinds: Record<number, string> = {
      [perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
      [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
      [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
      [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
    };
    gc.observe({ gc: 'major' }, 0);
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
        gc.observe({ gc: kinds[kind ?? -1] ?? 'other' }, entry.duration / 1000);
      }
    });
    observer.observe({ entryTypes: ['gc'] });
  }
}

const exporters = new WeakMap<Herder, ConnectMetricsExporter>();

/** The worker's exporter (every listener of one worker shares its rate history). */
export function metricsExporter(herder: Herder, version: string, commit: string): ConnectMetricsExporter {
  let e = exporters.get(herder);
  if (!e) exporters.set(herder, (e = new ConnectMetricsExporter(herder, version, commit)));
  return e;
}
