// GET /metrics against a real worker and a real Prometheus: a file source and sink, a sink that
// fails on a record it cannot convert, and a flaky source that self-heals (task.restart.on.failure).
// Names are Strimzi's (its jmx_exporter rules for Kafka Connect), so its Grafana dashboard's queries
// must all answer; the counters must equal the records really delivered.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consumeAll, produce, uniqueTopic } from '../helpers/kafka.js';
import { find, parseMetrics, promtoolCheck, startPrometheus, value, type Sample } from '../helpers/prometheus.js';
import { rest } from '../helpers/rest.js';
import { eventually, startStandaloneWorker, type RunningWorker } from '../helpers/worker.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const LINES = 250;

/** Strimzi's Kafka Connect dashboard (strimzi-kafka-connect.json), its queries with the variables filled in. */
function dashboardQueries(cluster: string, namespace: string): string[] {
  const sel = `strimzi_io_kind=~"KafkaConnect.*",strimzi_io_cluster="${cluster}"`;
  const nsSel = `namespace="${namespace}",${sel}`;
  return [
    `sum(kafka_connect_worker_connector_count{${sel}})`,
    `sum(kafka_connect_worker_task_count{${sel}})`,
    `sum(kafka_consumer_connection_count{${sel}})`,
    `sum(kafka_producer_connection_count{${sel}})`,
    `sum(kafka_admin_client_connection_count{${sel}})`,
    `sum(rate(kafka_producer_outgoing_byte_total{${sel}}[5m])) by (kubernetes_pod_name)`,
    `sum(rate(kafka_consumer_incoming_byte_total{${sel}}[5m])) by (kubernetes_pod_name)`,
    `sum(kafka_connect_coordinator_assigned_connectors{${sel}}) by (kubernetes_pod_name)`,
    `sum(kafka_connect_worker_rebalance_rebalancing{${sel}})`,
    `sum(kafka_connect_coordinator_assigned_tasks{${sel}}) by (kubernetes_pod_name)`,
    `sum(kafka_connect_worker_connector_paused_task_count{${nsSel}}) by (connector) != 0`,
    `sum(kafka_connect_worker_connector_failed_task_count{${nsSel}}) by (connector) != 0`,
    // Their "!= 0" hides connectors without such tasks: the series must exist all the same.
    `sum(kafka_connect_worker_connector_unassigned_task_count{${nsSel}}) by (connector)`,
    `sum(kafka_connect_worker_connector_destroyed_task_count{${nsSel}}) by (connector)`,
    `sum(kafka_connect_worker_connector_running_task_count{${sel}})`,
    `sum(kafka_connect_worker_connector_paused_task_count{${sel}})`,
    `sum(kafka_connect_worker_connector_failed_task_count{${sel}})`,
    `sum(kafka_connect_worker_connector_unassigned_task_count{${sel}})`,
    `sum(kafka_connect_worker_connector_destroyed_task_count{${sel}})`,
    `sum(kafka_connect_connector_status{${sel}} * on(connector) group_left(connector_class) kafka_connect_connector_connector_class{} * on (connector) group_left(connector_version) kafka_connect_connector_connector_version{} * on (connector) group_left(connector_type) kafka_connect_connector_connector_type{}) by (connector, status, connector_class, kubernetes_pod_name, connector_version, connector_type)`,
    `sum(kafka_connect_task_error_total_record_failures{${sel}} * on(connector, task) group_left(status) kafka_connect_connector_task_status{}) by (connector, status, kubernetes_pod_name, task)`,
    // (The dashboard's CPU panel reads cAdvisor's container_cpu_usage_seconds_total, not the worker.)
    `sum (jvm_memory_used_bytes{${sel}}) by (kubernetes_pod_name)`,
    `sum(rate(jvm_gc_collection_seconds_sum{${sel}}[5m])) by (kubernetes_pod_name)`,
    `sum(jvm_threads_current{${nsSel}}) by (kubernetes_pod_name)`,
  ];
}

describe('GET /metrics', () => {
  let worker: RunningWorker;
  let dir: string;
  const topic = uniqueTopic('ops-metrics');
  const badTopic = uniqueTopic('ops-metrics-bad');
  const flakyTopic = uniqueTopic('ops-metrics-flaky');
  const names = { source: `${topic}-src`, sink: `${topic}-sink`, bad: `${topic}-bad`, flaky: `${topic}-flaky` };

  const scrape = async (): Promise<{ text: string; samples: Sample[] }> => {
    const res = await fetch(`${worker.restUrl}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    return { text, samples: parseMetrics(text) };
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kconnect-ops-metrics-'));
    const pluginPath = join(dir, 'plugins');
    await mkdir(pluginPath);
    await cp(join(REPO_ROOT, 'test', 'fixtures', 'ops', 'flaky-source.mjs'), join(pluginPath, 'flaky-source.mjs'));
    await writeFile(join(dir, 'in.txt'), Array.from({ length: LINES }, (_, i) => `line ${i}`).join('\n') + '\n');
    // A record the sink's JsonConverter cannot read: that task fails (errors.tolerance=none).
    await produce(badTopic, [{ value: 'this is not JSON' }]);
    worker = await startStandaloneWorker({
      dir,
      workerProps: { 'plugin.path': pluginPath },
      connectors: [
        { name: names.source, 'connector.class': 'FileStreamSource', file: join(dir, 'in.txt'), topic },
        { name: names.sink, 'connector.class': 'FileStreamSink', file: join(dir, 'out.txt'), topics: topic },
        { name: names.bad, 'connector.class': 'FileStreamSink', file: join(dir, 'bad.txt'), topics: badTopic },
        {
          name: names.flaky,
          'connector.class': 'com.example.fixtures.FlakySourceConnector',
          topic: flakyTopic,
          'counter.file': join(dir, 'flaky.count'),
          'fail.times': '2',
          records: '3',
          'task.restart.on.failure': 'true',
          'task.restart.backoff.initial.ms': '200',
        },
      ],
    });
  });

  after(async () => {
    if (worker) assert.equal(await worker.stop(), 0);
  });

  test('counters equal the records delivered; a FAILED task shows status="failed"', async () => {
    await eventually(async () => (await readFile(join(dir, 'out.txt'), 'utf8').catch(() => '')).split('\n').length - 1 === LINES, 60000, 'every line in the sink file');
    const labels = (connector: string) => ({ connector, task: '0' });
    const { samples } = await eventually<{ text: string; samples: Sample[] } | undefined>(async () => {
      const s = await scrape();
      const sent = find(s.samples, 'kafka_connect_sink_task_sink_record_send_total', labels(names.sink))[0]?.value;
      const failed = find(s.samples, 'kafka_connect_connector_task_status', { ...labels(names.bad), status: 'failed' }).length;
      return sent === LINES && failed === 1 ? s : undefined;
    }, 30000, 'the sink counters and the failed task in /metrics') as { samples: Sample[] };

    assert.equal(value(samples, 'kafka_connect_source_task_source_record_poll_total', labels(names.source)), LINES);
    assert.equal(value(samples, 'kafka_connect_source_task_source_record_write_total', labels(names.source)), LINES);
    assert.equal(value(samples, 'kafka_connect_source_task_source_record_active_count', labels(names.source)), 0);
    assert.equal(value(samples, 'kafka_connect_sink_task_sink_record_read_total', labels(names.sink)), LINES);
    assert.equal(value(samples, 'kafka_connect_sink_task_sink_record_send_total', labels(names.sink)), LINES);
    assert.equal(value(samples, 'kafka_connect_connector_task_status', { ...labels(names.source), status: 'running' }), 1);
    assert.equal(value(samples, 'kafka_connect_connector_status', { connector: names.source, status: 'running' }), 1);
    assert.equal(value(samples, 'kafka_connect_connector_connector_type', { connector: names.sink, connector_type: 'sink' }), 1);
    assert.equal(
      value(samples, 'kafka_connect_connector_connector_class', { connector: names.source, connector_class: 'org.apache.kafka.connect.file.FileStreamSourceConnector' }),
      1,
    );

    // The unreadable record: one error, the task FAILED, and the worker counts it per connector.
    assert.equal(value(samples, 'kafka_connect_connector_task_status', { ...labels(names.bad), status: 'failed' }), 1);
    assert.equal(find(samples, 'kafka_connect_connector_task_status', labels(names.bad)).length, 1, 'one status per task');
    assert.equal(value(samples, 'kafka_connect_task_error_total_record_errors', labels(names.bad)), 1);
    assert.equal(value(samples, 'kafka_connect_worker_connector_failed_task_count', { connector: names.bad }), 1);
    assert.equal(value(samples, 'kafka_connect_worker_connector_running_task_count', { connector: names.sink }), 1);

    // Producer and consumer bytes, read off the clients' sockets (task threads send theirs every few heartbeats).
    await eventually(async () => {
      const s = (await scrape()).samples;
      const out = find(s, 'kafka_producer_outgoing_byte_total', { clientid: `connector-producer-${names.source}-0` })[0]?.value ?? 0;
      const inc = find(s, 'kafka_consumer_incoming_byte_total', { clientid: `connector-consumer-${names.sink}-0` })[0]?.value ?? 0;
      return out > LINES * 10 && inc > LINES * 10;
    }, 30000, 'producer and consumer bytes of the tasks');
    // Node's own process metrics beside Connect's.
    assert.ok(find(samples, 'nodejs_eventloop_lag_seconds').length === 1);
    assert.ok(find(samples, 'nodejs_heap_size_used_bytes').length === 1);
    // The dashboard's thread count: the main thread and the task threads running these tasks.
    assert.ok(value(samples, 'jvm_threads_current', {}) >= 2, 'jvm_threads_current counts the task threads');
  });

  test('a task that fails twice then succeeds is RUNNING after two restarts, with its attempts in status and metrics', async () => {
    const status = await eventually(async () => {
      const r = await rest('GET', `${worker.restUrl}/connectors/${names.flaky}/status`);
      return r.body?.tasks?.[0]?.state === 'RUNNING' ? r.body : undefined;
    }, 30000, 'the flaky task RUNNING');
    assert.equal(status.tasks[0].restart_attempts, 2);
    assert.match(status.tasks[0].last_error, /flaky start 2 of 2 failing on purpose/);
    assert.equal((await readFile(join(dir, 'flaky.count'), 'utf8')).trim(), '3', 'three starts: two failed, one ran');
    const records = await consumeAll(flakyTopic, { expected: 3 });
    assert.equal(records.length, 3);
    const { samples } = await scrape();
    assert.equal(value(samples, 'kconnect_task_restart_attempts', { connector: names.flaky, task: '0' }), 2);
    assert.equal(find(samples, 'kconnect_task_restart_last_error_info', { connector: names.flaky, task: '0' }).length, 1);
    // Default off: the failed sink above was never restarted.
    assert.equal(value(samples, 'kconnect_task_restart_attempts', { connector: names.bad, task: '0' }), 0);
  });

  test('promtool accepts the text: no format errors, only the style notes Strimzi\'s own names carry', async () => {
    const { text } = await scrape();
    const { status, problems } = promtoolCheck(text);
    // Strimzi's names end in _count and carry _ms; promtool's style lint flags exactly those.
    const allowed = /^(\S+) (non-histogram and non-summary metrics should not have "_count" suffix|metric names should not contain abbreviated units)$/;
    const unexpected = problems.filter((p) => !allowed.test(p));
    assert.deepEqual(unexpected, [], `promtool (exit ${status}) reported:\n${problems.join('\n')}`);
    assert.ok(status === 0 || status === 3, `promtool exit ${status}: 0 is clean, 3 is lint notes only`);
    for (const p of problems) assert.match(p.split(' ')[0]!, /^kafka_/, `only Strimzi-mandated names may be flagged: ${p}`);
  });

  test('a real Prometheus answers every query of Strimzi\'s Kafka Connect dashboard', async () => {
    await rest('PUT', `${worker.restUrl}/connectors/${names.flaky}/pause`);
    const prom = await startPrometheus(new URL(worker.restUrl).host, {
      strimzi_io_kind: 'KafkaConnect',
      strimzi_io_cluster: 'ops-test',
      namespace: 'kconnect',
      kubernetes_pod_name: 'worker-0',
    });
    try {
      const queries = dashboardQueries('ops-test', 'kconnect');
      const empty = await eventually(async () => {
        const missing: string[] = [];
        for (const q of queries) if ((await prom.query(q)).length === 0) missing.push(q);
        return missing.length === 0 ? [] : undefined;
      }, 60000, 'every dashboard query to return data').catch((err: Error) => err.message);
      assert.deepEqual(empty, [], `queries without data:\n${empty}\nprometheus output:\n${prom.output().slice(-2000)}`);
      const paused = await prom.query(`sum(kafka_connect_worker_connector_paused_task_count{strimzi_io_cluster="ops-test"}) by (connector) != 0`);
      assert.deepEqual(paused.map((r) => r.metric['connector']), [names.flaky]);
      const tasks = await prom.query('sum(kafka_connect_worker_task_count)');
      assert.equal(tasks[0]!.value[1], '4');
    } finally {
      await prom.stop();
    }
  });
});
