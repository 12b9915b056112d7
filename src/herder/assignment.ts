/**
 * The group leader's assignment of connectors and tasks to workers, in the incremental cooperative
 * style of Kafka Connect's IncrementalCooperativeAssignor (KIP-415):
 *
 * - what runs on a live worker stays there;
 * - the work of a worker that left waits `scheduled.rebalance.max.delay.ms` for it to come back
 *   (a rolling restart gets its own work back), then goes to the others;
 * - new work goes to the least loaded workers (connectors and tasks counted apart, a connector's
 *   tasks spread across workers);
 * - when the load is uneven by more than one, work is first revoked from the busiest workers, and
 *   only assigned elsewhere once the revoked worker reports it stopped it (its status says
 *   UNASSIGNED): a task never runs on two workers at once.
 *
 * Pure functions; the herder feeds them what the config and status topics say.
 */

/** What one worker is responsible for. Task ids are `<connector>-<n>`, as Kafka names them. */
export interface WorkAssignment {
  connectors: string[];
  tasks: string[];
}

/** An item of work: `C:<connector>` or `T:<connector>-<n>`. */
export type Item = string;

export interface RevokingEntry {
  item: Item;
  worker: string;
  /** The epoch of the assignment that revoked it. */
  epoch: number;
}

export interface DelayedEntry {
  item: Item;
  /** The worker that left with it. */
  worker: string;
  /** Wall-clock ms after which it goes to another worker. */
  until: number;
}

/** The record the leader writes to the config topic (key `kconnect-assignment`). */
export interface AssignmentRecord {
  version: 1;
  /** Increases with every assignment the group publishes; statuses carry it as their `generation`. */
  epoch: number;
  leader: string;
  leaderUrl: string;
  createdAt: number;
  /** The members of the group generation this assignment is for, with the nonce each sent at its join. */
  members: Record<string, { nonce: string; url: string }>;
  assignments: Record<string, WorkAssignment>;
  revoking: RevokingEntry[];
  delayed: DelayedEntry[];
}

export interface MemberInfo {
  workerId: string;
  url: string;
  nonce: string;
  /** What the worker runs, as it said at its join; absent within a generation (the record is then the truth). */
  owned?: WorkAssignment;
}

export interface AssignInput {
  prev: AssignmentRecord | undefined;
  members: MemberInfo[];
  /** Every configured connector. */
  connectors: string[];
  /** Every committed task id of those connectors. */
  tasks: string[];
  /** Whether `worker` has stopped `item` since the assignment `epoch` revoked it. */
  released(item: Item, worker: string, epoch: number): boolean;
  now: number;
  maxDelayMs: number;
  epoch: number;
  leader: string;
  leaderUrl: string;
}

export const connectorItem = (name: string): Item => `C:${name}`;
export const taskItem = (id: string): Item => `T:${id}`;
export const isConnectorItem = (item: Item): boolean => item.startsWith('C:');
export const itemId = (item: Item): string => item.slice(2);

export function itemsOf(a: WorkAssignment | undefined): Item[] {
  if (!a) return [];
  return [...a.connectors.map(connectorItem), ...a.tasks.map(taskItem)];
}

/** `<connector>-<n>` → connector name and task number. */
export function splitTaskId(id: string): { connector: string; task: number } {
  const dash = id.lastIndexOf('-');
  return { connector: id.slice(0, dash), task: Number(id.slice(dash + 1)) };
}

function connectorOfItem(item: Item): string {
  return isConnectorItem(item) ? itemId(item) : splitTaskId(itemId(item)).connector;
}

/** Connectors by name, then tasks by connector and number. */
export function compareItems(a: Item, b: Item): number {
  const ca = isConnectorItem(a);
  const cb = isConnectorItem(b);
  if (ca !== cb) return ca ? -1 : 1;
  if (ca) return itemId(a) < itemId(b) ? -1 : itemId(a) > itemId(b) ? 1 : 0;
  const ta = splitTaskId(itemId(a));
  const tb = splitTaskId(itemId(b));
  if (ta.connector !== tb.connector) return ta.connector < tb.connector ? -1 : 1;
  return ta.task - tb.task;
}

export function computeAssignment(input: AssignInput): AssignmentRecord {
  const { prev, now, epoch } = input;
  const exists = new Set<Item>([...input.connectors.map(connectorItem), ...input.tasks.map(taskItem)]);
  const members = [...new Map(input.members.map((m) => [m.workerId, m])).values()].sort((a, b) => (a.workerId < b.workerId ? -1 : 1));
  const live = new Set(members.map((m) => m.workerId));
  // A whole cluster that restarted with other ids has nobody to wait for (Kafka's new leader knows
  // no previous assignment either): only a group that kept some of its members delays lost work.
  const maxDelayMs = Object.keys(prev?.members ?? {}).some((w) => live.has(w)) ? input.maxDelayMs : 0;
  const owner = new Map<Item, string>();
  const held = new Map<string, Set<Item>>(members.map((m) => [m.workerId, new Set<Item>()]));
  const claim = (item: Item, worker: string) => {
    owner.set(item, worker);
    held.get(worker)!.add(item);
  };

  // 1. What live workers hold stays with them. Claims by two workers: the previous assignment wins.
  const prevOwner = new Map<Item, string>();
  for (const [w, a] of Object.entries(prev?.assignments ?? {})) for (const item of itemsOf(a)) prevOwner.set(item, w);
  for (const m of members) {
    const source = m.owned ?? prev?.assignments[m.workerId];
    for (const item of itemsOf(source)) {
      if (!exists.has(item)) continue;
      const other = owner.get(item);
      if (other === undefined) claim(item, m.workerId);
      else if (prevOwner.get(item) === m.workerId) {
        held.get(other)!.delete(item);
        claim(item, m.workerId);
      }
    }
  }

  const revoking: RevokingEntry[] = [];
  const delayed = new Map<Item, DelayedEntry>();
  const free: Item[] = [];
  const delay = (item: Item, worker: string, until: number | undefined) => {
    if (maxDelayMs <= 0) return free.push(item);
    const at = until ?? now + maxDelayMs;
    if (now >= at) free.push(item);
    else delayed.set(item, { item, worker, until: at });
  };

  // 2. Revocations in flight: done once the worker stopped the item; a worker that left with it is
  //    treated as if it left with assigned work.
  const seen = new Set<Item>();
  for (const r of prev?.revoking ?? []) {
    if (!exists.has(r.item) || owner.has(r.item) || seen.has(r.item)) continue;
    seen.add(r.item);
    if (!live.has(r.worker)) delay(r.item, r.worker, undefined);
    else if (input.released(r.item, r.worker, r.epoch)) free.push(r.item);
    else revoking.push(r);
  }

  // 3. Work of departed workers waits for them (or for the delay to pass).
  const prevDelayed = new Map((prev?.delayed ?? []).map((d) => [d.item, d]));
  for (const [w, a] of Object.entries(prev?.assignments ?? {})) {
    if (live.has(w)) continue;
    for (const item of itemsOf(a)) {
      if (!exists.has(item) || owner.has(item) || seen.has(item)) continue;
      seen.add(item);
      delay(item, w, prevDelayed.get(item)?.until);
    }
  }
  for (const d of prev?.delayed ?? []) {
    if (!exists.has(d.item) || owner.has(d.item) || seen.has(d.item)) continue;
    seen.add(d.item);
    if (live.has(d.worker)) claim(d.item, d.worker);
    else delay(d.item, d.worker, d.until);
  }

  // 4. New work, and work whose wait is over, to the least loaded.
  for (const item of exists) if (!owner.has(item) && !seen.has(item)) free.push(item);
  free.sort(compareItems);
  if (members.length > 0) {
    for (const item of free) claim(item, leastLoaded(members, held, item));
  }

  // 5. Balance: only when nothing is in flight, so a worker is never asked to give up more than needed.
  if (revoking.length === 0 && delayed.size === 0 && members.length > 1) {
    for (const connectors of [true, false]) {
      const count = (w: string) => [...held.get(w)!].filter((i) => isConnectorItem(i) === connectors).length;
      const load = new Map(members.map((m) => [m.workerId, count(m.workerId)]));
      for (;;) {
        const sorted = [...load].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
        const [minW, min] = sorted[0]!;
        const [maxW, max] = sorted[sorted.length - 1]!;
        if (max - min <= 1) break;
        const item = pickToRevoke([...held.get(maxW)!].filter((i) => isConnectorItem(i) === connectors), held.get(minW)!);
        held.get(maxW)!.delete(item);
        owner.delete(item);
        revoking.push({ item, worker: maxW, epoch });
        load.set(maxW, max - 1);
        load.set(minW, min + 1);
      }
    }
  }

  const assignments: Record<string, WorkAssignment> = {};
  for (const m of members) {
    const items = [...held.get(m.workerId)!].sort(compareItems);
    assignments[m.workerId] = { connectors: items.filter(isConnectorItem).map(itemId), tasks: items.filter((i) => !isConnectorItem(i)).map(itemId) };
  }
  return {
    version: 1,
    epoch,
    leader: input.leader,
    leaderUrl: input.leaderUrl,
    createdAt: now,
    members: Object.fromEntries(members.map((m) => [m.workerId, { nonce: m.nonce, url: m.url }])),
    assignments,
    revoking: revoking.sort((a, b) => compareItems(a.item, b.item)),
    delayed: [...delayed.values()].sort((a, b) => compareItems(a.item, b.item)),
  };
}

/** Fewest items of the same kind, then fewest of the same connector, then by id. */
function leastLoaded(members: MemberInfo[], held: Map<string, Set<Item>>, item: Item): string {
  const kind = isConnectorItem(item);
  const connector = connectorOfItem(item);
  let best: string | undefined;
  let bestKey: [number, number] = [Infinity, Infinity];
  for (const m of members) {
    let same = 0;
    let sameConnector = 0;
    for (const i of held.get(m.workerId)!) {
      if (isConnectorItem(i) !== kind) continue;
      same++;
      if (connectorOfItem(i) === connector) sameConnector++;
    }
    if (same < bestKey[0] || (same === bestKey[0] && sameConnector < bestKey[1])) {
      best = m.workerId;
      bestKey = [same, sameConnector];
    }
  }
  return best!;
}

/** From the busiest worker: an item of the connector it holds most of and the receiver holds least of, highest first. */
function pickToRevoke(candidates: Item[], receiver: Set<Item>): Item {
  const perConnector = new Map<string, number>();
  for (const i of candidates) perConnector.set(connectorOfItem(i), (perConnector.get(connectorOfItem(i)) ?? 0) + 1);
  const atReceiver = new Map<string, number>();
  for (const i of receiver) atReceiver.set(connectorOfItem(i), (atReceiver.get(connectorOfItem(i)) ?? 0) + 1);
  const sorted = [...candidates].sort((a, b) => {
    const ca = connectorOfItem(a);
    const cb = connectorOfItem(b);
    const byHolder = (perConnector.get(cb) ?? 0) - (perConnector.get(ca) ?? 0);
    if (byHolder !== 0) return byHolder;
    const byReceiver = (atReceiver.get(ca) ?? 0) - (atReceiver.get(cb) ?? 0);
    if (byReceiver !== 0) return byReceiver;
    return compareItems(b, a);
  });
  return sorted[0]!;
}

/** The same assignment apart from its epoch and timestamp. */
export function sameAssignment(a: AssignmentRecord | undefined, b: AssignmentRecord): boolean {
  if (!a) return false;
  const strip = (r: AssignmentRecord) => JSON.stringify({ ...r, epoch: 0, createdAt: 0 });
  return strip(a) === strip(b);
}

/** Checks the shape of a record read from the config topic. */
export function parseAssignmentRecord(value: unknown): AssignmentRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<AssignmentRecord>;
  if (r.version !== 1 || typeof r.epoch !== 'number' || typeof r.members !== 'object' || typeof r.assignments !== 'object') return undefined;
  return {
    version: 1,
    epoch: r.epoch,
    leader: String(r.leader ?? ''),
    leaderUrl: String(r.leaderUrl ?? ''),
    createdAt: Number(r.createdAt ?? 0),
    members: r.members ?? {},
    assignments: r.assignments ?? {},
    revoking: Array.isArray(r.revoking) ? r.revoking : [],
    delayed: Array.isArray(r.delayed) ? r.delayed : [],
  };
}
