import { pino, stdSerializers, type Logger, type LevelWithSilent } from 'pino';
import { hideProvidedValues } from '../config/providedValues.js';

export type { Logger } from 'pino';

// Set once the level registry below exists; loggers made before that (none, today) are not tracked.
let trackedLevels: { track(child: Logger): void } | undefined;

const level = (process.env.KCONNECT_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'info') as LevelWithSilent;

/**
 * The root logger. Children carry {connector, task} bindings instead of string prefixes, and the
 * redact list keeps secrets out even when a whole config is logged by mistake.
 */
export const rootLogger: Logger = pino({
  level,
  base: { pid: process.pid },
  // Every logger made from another (child, grandchild, …) is tracked under its `logger` name, so
  // PUT /admin/loggers/{name} reaches the ones that already exist too.
  onChild: (child) => trackedLevels?.track(child),
  serializers: {
    // Errors quote values; the ones config providers resolved must not reach a log line.
    err: (e: Error) => hideIn(stdSerializers.err(e), 0),
  },
  redact: {
    paths: ['config["connection.password"]', 'config["sasl.jaas.config"]', '*.password', 'password'],
    censor: '[hidden]',
  },
});

/** Every string of a serialised error (message, stack, `path`, causes…) with provided values hidden. */
function hideIn<T>(v: T, depth: number): T {
  if (typeof v === 'string') return hideProvidedValues(v) as T;
  if (depth > 4 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => hideIn(x, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = hideIn(x, depth + 1);
  return out as T;
}

const named = new Map<string, Logger>();

/** A named logger (like a log4j category) whose level can be changed at run time over REST. */
export function namedLogger(name: string): Logger {
  let l = named.get(name);
  if (!l) {
    l = rootLogger.child({ logger: name }, { level: levels.effectivePino(name) });
    named.set(name, l);
  }
  return l;
}

// ---------------------------------------------------------------------------------------------
// Run-time levels (GET/PUT /admin/loggers), with log4j's names and Kafka Connect's semantics:
// names are dot-separated namespaces; setting a namespace sets it and every logger below it;
// `root` is the root logger; levels read as ERROR/WARN/INFO/DEBUG/TRACE (and FATAL, OFF).

const ROOT = 'root';
const LOG4J_TO_PINO: Record<string, LevelWithSilent> = {
  OFF: 'silent', FATAL: 'fatal', ERROR: 'error', WARN: 'warn', INFO: 'info', DEBUG: 'debug', TRACE: 'trace', ALL: 'trace',
};
const PINO_TO_LOG4J: Record<string, string> = {
  silent: 'OFF', fatal: 'FATAL', error: 'ERROR', warn: 'WARN', info: 'INFO', debug: 'DEBUG', trace: 'TRACE',
};

/** A log4j level name (any case) as its upper-case name, or null when it is not one. */
export function log4jLevel(level: string): string | null {
  const upper = level.trim().toUpperCase();
  return upper in LOG4J_TO_PINO ? upper : null;
}

function isUnder(name: string, namespace: string): boolean {
  return namespace === ROOT || name === namespace || name.startsWith(`${namespace}.`);
}

class LoggerLevels {
  /** Every live logger instance by its `logger` name. */
  private readonly live = new Map<string, Set<WeakRef<Logger>>>();
  /** Levels set explicitly (at run time), by name. */
  private readonly explicit = new Map<string, string>();
  private readonly lastModified = new Map<string, number>();

  track(child: Logger): void {
    const name = (child.bindings() as { logger?: unknown }).logger;
    if (typeof name !== 'string') return;
    let set = this.live.get(name);
    if (!set) this.live.set(name, (set = new Set()));
    set.add(new WeakRef(child));
    // Task loggers come and go with every restart: drop the collected ones now and then.
    if (set.size % 256 === 0) for (const ref of set) if (!ref.deref()) set.delete(ref);
  }

  /** The level a new logger called `name` starts with: its nearest explicitly set ancestor's, else root's. */
  effectivePino(name: string): LevelWithSilent {
    let n = name;
    for (;;) {
      const set = this.explicit.get(n);
      if (set) return LOG4J_TO_PINO[set]!;
      const dot = n.lastIndexOf('.');
      if (dot < 0) break;
      n = n.slice(0, dot);
    }
    return rootLogger.level as LevelWithSilent;
  }

  private names(): string[] {
    for (const [name, set] of this.live) {
      for (const ref of set) if (!ref.deref()) set.delete(ref);
      if (set.size === 0 && !named.has(name)) this.live.delete(name);
    }
    return [...new Set([...this.live.keys(), ...named.keys(), ...this.explicit.keys()])];
  }

  private describe(name: string): { level: string; last_modified: number | null } {
    const level = name === ROOT ? PINO_TO_LOG4J[rootLogger.level]! : this.explicit.get(name) ?? PINO_TO_LOG4J[this.effectivePino(name)]!;
    return { level: level ?? 'INFO', last_modified: this.lastModified.get(name) ?? null };
  }

  /** A known logger's level (explicit, else effective), or null when no logger has that name. */
  level(name: string): { level: string; last_modified: number | null } | null {
    if (name.toLowerCase() === ROOT) return this.describe(ROOT);
    return this.names().includes(name) ? this.describe(name) : null;
  }

  /** Every logger this process has (root, named, plugin classes, those set at run time), by name (sorted). */
  all(): Record<string, { level: string; last_modified: number | null }> {
    const out: Record<string, { level: string; last_modified: number | null }> = {};
    for (const name of this.names()) out[name] = this.describe(name);
    out[ROOT] = this.describe(ROOT);
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /**
   * Sets `namespace` and every logger below it; returns, sorted, the names whose level changed (a
   * namespace no logger had yet counts as changed: it is created). As in Kafka Connect, setting the
   * level a logger already has changes nothing and leaves its last_modified alone.
   */
  set(namespace: string, log4j: string, now = Date.now()): string[] {
    const ns = namespace.toLowerCase() === ROOT ? ROOT : namespace;
    const pinoLevel = LOG4J_TO_PINO[log4j]!;
    const known = this.names();
    const affected = known.filter((n) => isUnder(n, ns));
    const created = ns !== ROOT && !known.includes(ns);
    if (!affected.includes(ns)) affected.push(ns);
    // Every level as it was, before any of them changes (a child's effective level follows its parent's).
    const before = new Map(affected.map((name) => [name, this.describe(name).level]));
    const changed: string[] = [];
    for (const name of affected) {
      if (name === ROOT) rootLogger.level = pinoLevel;
      else this.explicit.set(name, log4j);
      for (const ref of this.live.get(name) ?? []) {
        const l = ref.deref();
        if (l) l.level = pinoLevel;
      }
      if (before.get(name) !== log4j || (name === ns && created)) {
        this.lastModified.set(name, now);
        changed.push(name);
      }
    }
    return changed.sort();
  }
}

const levels = new LoggerLevels();
trackedLevels = levels;

/** GET /admin/loggers: every logger, root included. */
export function allLoggerLevels(): Record<string, { level: string; last_modified: number | null }> {
  return levels.all();
}

/** GET /admin/loggers/{name}: null when no logger has that name. */
export function loggerLevel(name: string): { level: string; last_modified: number | null } | null {
  return levels.level(name);
}

const levelListeners = new Set<(namespace: string, log4j: string) => void>();

/** PUT /admin/loggers/{namespace}: `level` must be a log4j level name (see log4jLevel). */
export function setLoggerLevel(namespace: string, level: string): string[] {
  const log4j = log4jLevel(level);
  if (!log4j) return [];
  const changed = levels.set(namespace, log4j);
  for (const l of levelListeners) l(namespace, log4j);
  return changed;
}

/** Follows level changes (task threads have their own loggers and get each change as a message). */
export function onLoggerLevelSet(listener: (namespace: string, log4j: string) => void): () => void {
  levelListeners.add(listener);
  return () => levelListeners.delete(listener);
}

/**
 * The logger named after a plugin class, as log4j names a class's logger: `InsertField$Value` logs
 * as `…transforms.InsertField`. The one naming rule for connectors, tasks, transforms and
 * converters, on the main thread and in task threads alike.
 */
export function pluginLoggerName(className: string): string {
  const dollar = className.indexOf('$');
  return dollar > 0 ? className.slice(0, dollar) : className;
}

/** A logger for one running plugin instance: named after its class, with {connector, task} bound. */
export function pluginLogger(className: string, bindings: { connector: string; task?: number; [k: string]: unknown }): Logger {
  return namedLogger(className ? pluginLoggerName(className) : 'kconnect.runtime').child(bindings);
}

/** Runtime messages about a connector go to its class's logger (`connector` bound). */
export function connectorLogger(connector: string, connectorClass = ''): Logger {
  return pluginLogger(connectorClass, { connector });
}

/** Runtime messages about a task go to its task class's logger (`connector`, `task` bound). */
export function taskLogger(connector: string, task: number, taskClass = ''): Logger {
  return pluginLogger(taskClass, { connector, task });
}
