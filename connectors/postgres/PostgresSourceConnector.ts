// The source connector: finds the tables to copy (and keeps looking every table.poll.interval.ms,
// asking for new task configs when the set changes), and splits them over tasks.max tasks.

import type pg from 'pg';
import { type ConfigDef, type ConfigValue, SourceConnector, ConnectException } from 'kconnect';
import { listTables, relkindsFor } from './catalog.js';
import { SOURCE_CONFIG_DEF, TABLES, parseSourceConfig, validateSourceConfig, type SourceConfig } from './config.js';
import { closeQuietly, connect, errorMessage } from './connection.js';
import { quoteTable, sameTable, unquotedTable, type TableId } from './identifiers.js';
import { log } from './log.js';
import { PostgresSourceTask } from './PostgresSourceTask.js';
import { VERSION } from './version.js';

/** The tables the filters let through (whitelist/blacklist by exact name, include/exclude by regex on schema.table). */
export function filterTables(all: readonly TableId[], config: SourceConfig): TableId[] {
  const names = (t: TableId): string[] => [unquotedTable(t), quoteTable(t), t.table];
  if (config.tableIncludeList.length > 0 || config.tableExcludeList.length > 0) {
    return all.filter((t) => {
      const fqn = unquotedTable(t);
      return config.tableIncludeList.some((r) => r.test(fqn)) && !config.tableExcludeList.some((r) => r.test(fqn));
    });
  }
  if (config.tableWhitelist.length > 0) {
    const white = new Set(config.tableWhitelist);
    return all.filter((t) => names(t).some((n) => white.has(n)));
  }
  if (config.tableBlacklist.length > 0) {
    const black = new Set(config.tableBlacklist);
    return all.filter((t) => !names(t).some((n) => black.has(n)));
  }
  return [...all];
}

/** Fails when two tables share an unqualified name: they would write to the same topic. */
export function checkDuplicateNames(tables: readonly TableId[]): void {
  const byName = new Map<string, TableId[]>();
  for (const t of tables) byName.set(t.table, [...(byName.get(t.table) ?? []), t]);
  const dups = [...byName.values()].filter((ts) => ts.length > 1);
  if (dups.length > 0) {
    throw new ConnectException('The connector uses the unqualified table name as the topic name and has detected duplicate '
      + 'unqualified table names. Update the connector\'s table.whitelist, table.blacklist or table.include.list config to '
      + `include exactly one table of each of: ${dups.map((ts) => ts.map(unquotedTable).join(', ')).join('; ')}`);
  }
}

/** Kafka's ConnectorUtils.groupPartitions: `n` contiguous groups, the first ones one larger. */
export function groupPartitions<T>(items: readonly T[], n: number): T[][] {
  const groups: T[][] = [];
  const per = Math.floor(items.length / n);
  const extra = items.length % n;
  let i = 0;
  for (let g = 0; g < n; g++) {
    const size = per + (g < extra ? 1 : 0);
    groups.push(items.slice(i, i + size));
    i += size;
  }
  return groups;
}

export class PostgresSourceConnector extends SourceConnector {
  private props: Record<string, string> = {};
  private settings: SourceConfig | undefined;
  private client: pg.Client | undefined;
  private tables: TableId[] = [];
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private stopped = false;

  version(): string {
    return VERSION;
  }

  config(): ConfigDef {
    return SOURCE_CONFIG_DEF;
  }

  override validate(props: Record<string, string>): ConfigValue[] {
    return validateSourceConfig(props);
  }

  taskClass(): typeof PostgresSourceTask {
    return PostgresSourceTask;
  }

  async start(props: Record<string, string>): Promise<void> {
    this.stopped = false;
    this.props = { ...props };
    const config = (this.settings = parseSourceConfig(props));
    if (config.query) return;
    this.client = await connect(config.connection, () => this.stopped);
    this.tables = await this.findTables();
    checkDuplicateNames(this.tables);
    log.info({ tables: this.tables.map(unquotedTable) }, 'PostgreSQL source: tables to copy');
    if (config.tablePollIntervalMs > 0) {
      this.timer = setInterval(() => void this.checkTables(), config.tablePollIntervalMs);
      this.timer.unref();
    }
  }

  private async findTables(): Promise<TableId[]> {
    const config = this.settings!;
    this.client ??= await connect(config.connection, () => this.stopped);
    const all = await listTables(this.client, relkindsFor(config.tableTypes), config.schemaPattern);
    return filterTables(all, config);
  }

  /** One table.poll.interval.ms round: reconfigure the tasks when the set of tables changed. */
  async checkTables(): Promise<void> {
    if (this.checking || this.stopped) return;
    this.checking = true;
    try {
      const found = await this.findTables();
      const changed = found.length !== this.tables.length || found.some((t, i) => !sameTable(t, this.tables[i]!));
      if (!changed || this.stopped) return;
      try {
        checkDuplicateNames(found);
      } catch (e) {
        this.context.raiseError(e as Error);
        return;
      }
      log.info({ tables: found.map(unquotedTable) }, 'PostgreSQL source: the set of tables changed; reconfiguring tasks');
      this.tables = found;
      this.context.requestTaskReconfiguration();
    } catch (e) {
      log.warn({ err: errorMessage(e) }, 'PostgreSQL source: could not list tables; trying again at the next table poll');
      const client = this.client;
      this.client = undefined;
      await closeQuietly(client);
    } finally {
      this.checking = false;
    }
  }

  taskConfigs(maxTasks: number): Record<string, string>[] {
    if (this.settings?.query) return [{ ...this.props, [TABLES]: '' }];
    if (this.tables.length === 0) {
      log.warn('PostgreSQL source: no tables match the configuration; the task waits for some to appear');
      return [{ ...this.props, [TABLES]: '' }];
    }
    const groups = groupPartitions(this.tables, Math.max(1, Math.min(maxTasks, this.tables.length)));
    return groups.map((g) => ({ ...this.props, [TABLES]: g.map(quoteTable).join(',') }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    const client = this.client;
    this.client = undefined;
    await closeQuietly(client);
  }
}
