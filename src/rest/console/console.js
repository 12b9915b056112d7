// The kconnect web console: plain browser JavaScript, no build step, no CDN. It only calls the
// worker's public REST API (and GET /metrics for the live charts), so anything it shows or does, a
// script can do with curl. Views: #/ (workers, connectors, live chart), #/connector/<name>,
// #/new, #/edit/<name>, #/preview.

const API = new URL('../', location.href);
const POLL_MS = 2000;
const CHART_POINTS = 60;

// ---------------------------------------------------------------------------------------- helpers

/** Builds an element: h('td', { class: 'x', onclick }, 'text', child, …). Text is always text, never HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(method, path, body) {
  const res = await fetch(new URL(path, API), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

const enc = encodeURIComponent;
const badge = (state) => h('span', { class: `badge s-${state}`, 'data-state': state }, state);

function toast(message, bad = false) {
  const el = h('div', { class: bad ? 'bad' : '' }, message);
  document.getElementById('toast').append(el);
  setTimeout(() => el.remove(), bad ? 8000 : 3000);
}

/** Runs an action, tells the user how it went, refreshes the view. */
async function act(what, fn) {
  try {
    await fn();
    toast(`${what}: done`);
  } catch (err) {
    toast(`${what}: ${err.message}`, true);
  }
  await render();
}

// ------------------------------------------------------------------------------- metrics (charts)

/** Prometheus text → [{ name, labels, value }]. */
function parseMetrics(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line || line[0] === '#') continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    for (const l of (m[2] || '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

/** Per connector: records/s (source polls, sink reads) and lag (sink records behind; source records in flight). */
const series = new Map();
let lastTotals = null;

async function sampleMetrics() {
  let samples;
  try {
    samples = parseMetrics(await (await fetch(new URL('metrics', API))).text());
  } catch {
    return;
  }
  const now = Date.now();
  const totals = new Map();
  const lags = new Map();
  for (const s of samples) {
    const c = s.labels.connector;
    if (!c) continue;
    if (s.name === 'kafka_connect_source_task_source_record_poll_total' || s.name === 'kafka_connect_sink_task_sink_record_read_total') {
      totals.set(c, (totals.get(c) || 0) + s.value);
    } else if (s.name === 'kafka_connect_sink_task_sink_record_lag_max' || s.name === 'kafka_connect_source_task_source_record_active_count') {
      lags.set(c, (lags.get(c) || 0) + s.value);
    }
  }
  if (lastTotals) {
    const dt = (now - lastTotals.at) / 1000;
    for (const [c, total] of totals) {
      const before = lastTotals.totals.get(c);
      const rate = before === undefined || dt <= 0 ? 0 : Math.max(0, (total - before) / dt);
      let s = series.get(c);
      if (!s) series.set(c, (s = { rate: [], lag: [] }));
      s.rate.push(rate);
      s.lag.push(lags.get(c) || 0);
      if (s.rate.length > CHART_POINTS) s.rate.shift(), s.lag.shift();
    }
  }
  for (const c of series.keys()) if (!totals.has(c)) series.delete(c);
  lastTotals = { at: now, totals };
}

const COLORS = ['#2457c5', '#1d7a3a', '#a86400', '#b3261e', '#6b3fa0', '#00838f', '#5d4037'];

function chart(title, pick, unit) {
  const width = 600;
  const height = 140;
  let max = 1;
  for (const s of series.values()) for (const v of pick(s)) max = Math.max(max, v);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  const legend = h('div', { class: 'legend' });
  [...series.entries()].forEach(([name, s], i) => {
    const values = pick(s);
    const points = values.map((v, j) => `${(j / (CHART_POINTS - 1)) * width},${height - 4 - (v / max) * (height - 8)}`).join(' ');
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('points', points);
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', COLORS[i % COLORS.length]);
    line.setAttribute('stroke-width', '2');
    line.setAttribute('vector-effect', 'non-scaling-stroke');
    svg.append(line);
    const last = values.length ? values[values.length - 1] : 0;
    legend.append(h('span', { style: `color:${COLORS[i % COLORS.length]}` }, `${name}: ${last.toFixed(last < 10 ? 1 : 0)} ${unit}`));
  });
  return h('div', { class: 'chart' }, h('strong', {}, title), h('span', { class: 'muted' }, ` (max ${max.toFixed(0)})`), svg, legend);
}

// ---------------------------------------------------------------------------------------- views

async function overview() {
  const expanded = await api('GET', 'connectors?expand=status&expand=info');
  const names = Object.keys(expanded).sort();
  const workers = new Map();
  for (const n of names) {
    const st = expanded[n].status;
    const add = (w, what) => {
      if (!workers.has(w)) workers.set(w, { connectors: 0, tasks: 0 });
      workers.get(w)[what]++;
    };
    add(st.connector.worker_id, 'connectors');
    for (const t of st.tasks) add(t.worker_id, 'tasks');
  }
  const rows = names.map((n) => {
    const { status, info } = expanded[n];
    return h('tr', { 'data-connector': n },
      h('td', {}, h('a', { href: `#/connector/${enc(n)}` }, n)),
      h('td', {}, status.type),
      h('td', { class: 'connector-state' }, badge(status.connector.state)),
      h('td', {}, status.tasks.length === 0 ? h('span', { class: 'muted' }, 'none') : status.tasks.map((t) => h('span', { title: t.worker_id }, `#${t.id} `, badge(t.state), ' '))),
      h('td', { class: 'muted' }, status.connector.worker_id),
      h('td', { class: 'muted' }, info.config['connector.class']));
  });
  return [
    h('h2', {}, 'Workers'),
    h('div', { class: 'cards' }, workers.size === 0
      ? h('p', { class: 'muted' }, 'No connectors yet, so no worker has work.')
      : [...workers].sort().map(([w, c]) => h('div', { class: 'card' }, h('strong', {}, w), h('div', { class: 'muted' }, `${c.connectors} connectors, ${c.tasks} tasks`)))),
    h('h2', {}, 'Live'),
    h('div', { class: 'cards' }, chart('Records/s', (s) => s.rate, 'rec/s'), chart('Lag (sink: records behind; source: in flight)', (s) => s.lag, 'rec')),
    h('h2', {}, `Connectors (${names.length})`),
    h('table', { id: 'connectors' },
      h('thead', {}, h('tr', {}, ['Name', 'Type', 'State', 'Tasks', 'Worker', 'Class'].map((c) => h('th', {}, c)))),
      h('tbody', {}, rows)),
  ];
}

function traceBlock(trace) {
  return trace ? h('details', {}, h('summary', {}, 'trace'), h('pre', { class: 'trace' }, trace)) : null;
}

async function connectorView(name) {
  const [status, info] = await Promise.all([api('GET', `connectors/${enc(name)}/status`), api('GET', `connectors/${enc(name)}`)]);
  const [offsets, topics] = await Promise.all([
    api('GET', `connectors/${enc(name)}/offsets`).catch((err) => ({ error: err.message })),
    api('GET', `connectors/${enc(name)}/topics`).catch(() => null),
  ]);
  const state = status.connector.state;
  const path = `connectors/${enc(name)}`;
  const stopped = state === 'STOPPED';
  const alter = h('textarea', { id: 'offsets-alter' }, JSON.stringify({ offsets: offsets.offsets || [] }, null, 2));
  const dlqTopic = info.config['errors.deadletterqueue.topic.name'];
  return [
    h('h2', {}, name, ' ', h('span', { id: 'connector-state' }, badge(state)), ' ', h('span', { class: 'muted' }, `${status.type} on ${status.connector.worker_id}`)),
    h('div', { class: 'actions' },
      h('button', { id: 'pause', onclick: () => act('Pause', () => api('PUT', `${path}/pause`)) }, 'Pause'),
      h('button', { id: 'resume', onclick: () => act('Resume', () => api('PUT', `${path}/resume`)) }, 'Resume'),
      h('button', { id: 'stop', onclick: () => act('Stop', () => api('PUT', `${path}/stop`)) }, 'Stop'),
      h('button', { id: 'restart', onclick: () => act('Restart', () => api('POST', `${path}/restart?includeTasks=true&onlyFailed=false`)) }, 'Restart with tasks'),
      h('button', { onclick: () => (location.hash = `#/edit/${enc(name)}`) }, 'Edit'),
      h('button', { onclick: () => (sessionStorage.setItem('preview-config', JSON.stringify(info.config)), (location.hash = '#/preview')) }, 'Preview transforms'),
      h('button', { id: 'delete', class: 'danger', onclick: () => confirm(`Delete connector ${name}?`) && act('Delete', async () => { await api('DELETE', path); location.hash = '#/'; }) }, 'Delete')),
    traceBlock(status.connector.trace),
    h('h2', {}, 'Tasks'),
    h('table', { id: 'tasks' },
      h('thead', {}, h('tr', {}, ['Task', 'State', 'Worker', 'Self-healing', 'Trace', ''].map((c) => h('th', {}, c)))),
      h('tbody', {}, status.tasks.map((t) => h('tr', {},
        h('td', {}, t.id), h('td', {}, badge(t.state)), h('td', { class: 'muted' }, t.worker_id),
        h('td', {}, t.restart_attempts ? `${t.restart_attempts} restarts; last: ${t.last_error || ''}` : ''),
        h('td', {}, traceBlock(t.trace)),
        h('td', {}, h('button', { onclick: () => act(`Restart task ${t.id}`, () => api('POST', `${path}/tasks/${t.id}/restart`)) }, 'Restart')))))),
    topics ? h('p', { class: 'muted' }, `Topics used: ${(topics[name]?.topics || []).join(', ') || 'none yet'}`) : null,
    h('h2', {}, 'Offsets'),
    offsets.error ? h('p', { class: 'error' }, offsets.error) : h('pre', { id: 'offsets' }, JSON.stringify(offsets.offsets, null, 2)),
    stopped
      ? h('div', {},
          h('div', { class: 'actions' },
            h('button', { id: 'offsets-reset', class: 'danger', onclick: () => confirm('Reset all offsets?') && act('Reset offsets', () => api('DELETE', `${path}/offsets`)) }, 'Reset offsets'),
            h('button', { id: 'offsets-alter-submit', onclick: () => act('Alter offsets', () => api('PATCH', `${path}/offsets`, JSON.parse(alter.value))) }, 'Alter offsets')),
          alter)
      : h('p', { class: 'muted' }, 'Stop the connector to reset or alter its offsets.'),
    dlqTopic ? await dlqView(name, dlqTopic) : null,
    h('h2', {}, 'Config'),
    h('pre', {}, JSON.stringify(info.config, null, 2)),
  ];
}

async function dlqView(name, topic) {
  let body;
  try {
    body = await api('GET', `connectors/${enc(name)}/dlq?limit=20`);
  } catch (err) {
    return h('div', {}, h('h2', {}, `Dead-letter queue ${topic}`), h('p', { class: 'error' }, err.message));
  }
  return h('div', {},
    h('h2', {}, `Dead-letter queue ${topic} (latest ${body.records.length})`),
    h('table', { id: 'dlq' },
      h('thead', {}, h('tr', {}, ['Partition/offset', 'Time', 'Error headers', 'Value'].map((c) => h('th', {}, c)))),
      h('tbody', {}, body.records.map((r) => h('tr', {},
        h('td', {}, `${r.partition}/${r.offset}`),
        h('td', {}, r.timestamp === null ? '' : new Date(r.timestamp).toISOString()),
        h('td', {}, h('pre', {}, r.headers.filter((x) => x.key.startsWith('__connect.errors.')).map((x) => `${x.key.slice(17)}: ${x.value ?? ''}`).join('\n'))),
        h('td', {}, h('pre', {}, r.value ?? 'null')))))));
}

/** Create or edit: the plugin's definition from config/validate, each error beside its field. */
async function formView(editName) {
  const plugins = (await api('GET', 'connector-plugins')).map((p) => p.class).sort();
  const existing = editName ? (await api('GET', `connectors/${enc(editName)}`)).config : {};
  const values = { ...existing };
  const container = h('div', { id: 'connector-form' });
  const problems = h('p', { class: 'error', id: 'form-problems' });
  const extra = h('textarea', { id: 'extra', placeholder: 'Other keys, one key=value a line (transforms.*, producer.override.*, …)' });

  const collect = () => {
    for (const input of container.querySelectorAll('[data-key] input, [data-key] select')) {
      const key = input.closest('[data-key]').dataset.key;
      if (input.value === '') delete values[key];
      else values[key] = input.value;
    }
    for (const line of extra.value.split('\n')) {
      const m = /^\s*([^=#\s][^=]*?)\s*=\s*(.*)$/.exec(line);
      if (m) values[m[1]] = m[2];
    }
    return values;
  };

  const draw = (result) => {
    container.replaceChildren();
    const known = new Set();
    let group = null;
    const form = h('div', { class: 'form' });
    for (const { definition: d, value: v } of result.configs) {
      known.add(d.name);
      if (!v.visible) continue;
      if (d.group !== group) {
        group = d.group;
        form.append(h('div', { class: 'group' }, group || 'Other'));
      }
      const current = values[d.name] ?? '';
      const input = v.recommended_values && v.recommended_values.length > 0
        ? h('select', { name: d.name }, h('option', { value: '' }, d.default_value === null ? '' : `(default: ${d.default_value})`),
            v.recommended_values.map((r) => h('option', { value: r, selected: r === current }, r)))
        : h('input', { name: d.name, value: current, placeholder: d.default_value === null || d.default_value === '' ? '' : `default: ${d.default_value}`,
            readonly: d.name === 'name' && !!editName, onchange: d.name === 'connector.class' || d.name === 'transforms' || d.name === 'predicates' ? refresh : undefined });
      form.append(h('div', { class: `field${d.required ? ' required' : ''}`, 'data-key': d.name },
        h('label', { for: d.name, title: d.name }, d.display_name || d.name),
        h('div', {}, input, v.errors.map((e) => h('span', { class: 'error' }, e))),
        h('div', { class: 'doc' }, h('code', {}, d.name), ' ', d.documentation || '')));
    }
    const leftovers = Object.entries(values).filter(([k]) => !known.has(k));
    extra.value = leftovers.map(([k, v]) => `${k}=${v}`).join('\n');
    container.append(form, h('h2', {}, 'Other keys'), extra);
    problems.textContent = result.error_count > 0 ? `${result.error_count} error(s): see the fields marked in red.` : '';
  };

  const validate = async () => {
    const config = collect();
    const cls = config['connector.class'];
    if (!cls) throw new Error('Choose a connector class first');
    return api('PUT', `connector-plugins/${enc(cls)}/config/validate`, config);
  };

  async function refresh() {
    try {
      draw(await validate());
    } catch (err) {
      problems.textContent = err.message;
    }
  }

  const save = async () => {
    let result;
    try {
      result = await validate();
    } catch (err) {
      problems.textContent = err.message;
      return;
    }
    draw(result);
    if (result.error_count > 0) return;
    const config = collect();
    const name = config.name;
    try {
      await api('PUT', `connectors/${enc(name)}/config`, config);
      toast(`Connector ${name} saved`);
      location.hash = `#/connector/${enc(name)}`;
    } catch (err) {
      problems.textContent = err.message;
    }
  };

  const classSelect = h('select', { id: 'connector-class', onchange: (e) => { values['connector.class'] = e.target.value; void refresh(); } },
    h('option', { value: '' }, 'Choose a connector class…'),
    plugins.map((p) => h('option', { value: p, selected: p === values['connector.class'] }, p)));
  if (editName) classSelect.disabled = true;
  if (values['connector.class']) await refresh();
  return [
    h('h2', {}, editName ? `Edit ${editName}` : 'New connector'),
    h('p', {}, classSelect),
    container,
    problems,
    h('div', { class: 'actions' },
      h('button', { id: 'validate', onclick: refresh }, 'Validate'),
      h('button', { id: 'save', class: 'primary', onclick: save }, editName ? 'Save' : 'Create')),
  ];
}

async function previewView() {
  const stored = sessionStorage.getItem('preview-config');
  const cfg = stored ? JSON.parse(stored) : { transforms: 'Hoist', 'transforms.Hoist.type': 'org.apache.kafka.connect.transforms.HoistField$Value', 'transforms.Hoist.field': 'line' };
  const onlyTransforms = Object.fromEntries(Object.entries(cfg).filter(([k]) => k === 'transforms' || k === 'predicates' || k.startsWith('transforms.') || k.startsWith('predicates.')));
  const config = h('textarea', { id: 'preview-config' }, JSON.stringify(onlyTransforms, null, 2));
  const records = h('textarea', { id: 'preview-records' }, JSON.stringify([{ topic: 'preview', key: 'k1', value: 'hello' }], null, 2));
  const out = h('div', { id: 'preview-results' });
  const run = async () => {
    out.replaceChildren();
    try {
      const body = await api('POST', 'connector-plugins/transforms/preview', { config: JSON.parse(config.value), records: JSON.parse(records.value) });
      body.results.forEach((steps, i) => out.append(h('h2', {}, `Record ${i + 1}`), h('table', {},
        h('tbody', {}, steps.map((s) => h('tr', {}, h('td', {}, s.step, s.skipped ? ' (skipped)' : ''),
          h('td', {}, s.error ? h('span', { class: 'error' }, s.error) : h('pre', {}, JSON.stringify(s.record, null, 2)))))))));
    } catch (err) {
      out.append(h('p', { class: 'error' }, err.message));
    }
  };
  return [
    h('h2', {}, 'Transform preview'),
    h('p', { class: 'muted' }, 'Runs the transformation chain of the config on sample records, showing each step (POST /connector-plugins/transforms/preview).'),
    h('div', { class: 'cards' }, h('div', {}, h('strong', {}, 'Config'), config), h('div', {}, h('strong', {}, 'Sample records'), records)),
    h('div', { class: 'actions' }, h('button', { id: 'preview-run', class: 'primary', onclick: run }, 'Run')),
    out,
  ];
}

// ---------------------------------------------------------------------------------------- router

let rendering = null;
let shown = '';

/** Draws the current route. An automatic refresh leaves the page alone when nothing changed, so a button is never swapped under the pointer. */
async function render(auto = false) {
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  const view = document.getElementById('view');
  const [route, ...rest] = hash.split('/');
  const arg = rest.join('/');
  const job = (async () => {
    switch (route) {
      case 'connector': return connectorView(arg);
      case 'new': return formView(null);
      case 'edit': return formView(arg);
      case 'preview': return previewView();
      default: return overview();
    }
  })();
  rendering = job;
  try {
    const nodes = [await job].flat().filter(Boolean);
    if (rendering !== job) return;
    const html = nodes.map((n) => n.outerHTML).join('');
    if (auto && html === shown) return;
    shown = html;
    view.replaceChildren(...nodes);
  } catch (err) {
    if (rendering === job) view.replaceChildren(h('p', { class: 'error' }, err.message));
  }
}

async function header() {
  try {
    const info = await api('GET', '');
    document.getElementById('worker').textContent = `Kafka Connect ${info.version} · cluster ${info.kafka_cluster_id ?? '?'}`;
  } catch {
    // shown through the health badge
  }
  const healthEl = document.getElementById('health');
  try {
    const res = await fetch(new URL('health', API));
    const body = await res.json();
    healthEl.className = `badge s-${body.status}`;
    healthEl.textContent = body.status;
    healthEl.title = body.message;
  } catch {
    healthEl.className = 'badge s-unhealthy';
    healthEl.textContent = 'unreachable';
  }
}

/** Live views refresh on their own; forms never do (they would lose what is typed). */
async function tick() {
  await sampleMetrics();
  const route = location.hash.replace(/^#\/?/, '').split('/')[0];
  // Not while the user is typing into the page or reading an opened trace.
  const busy = document.activeElement?.matches('input, textarea, select') || document.querySelector('details[open]');
  if (route === '' || (route === 'connector' && !busy)) await render(true);
}

window.addEventListener('hashchange', () => void render());
void header();
void sampleMetrics().then(render);
setInterval(() => void tick(), POLL_MS);
setInterval(() => void header(), 10000);
