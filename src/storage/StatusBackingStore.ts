import type { ConnectorTaskId, StatusEntry, StatusListener } from './status.js';

/** The latest status of every connector and task (status-connector-<name>, status-task-<name>-<n>). */
export interface StatusBackingStore extends StatusListener {
  connector(name: string): StatusEntry | undefined;
  tasks(connector: string): Map<number, StatusEntry>;
  task(id: ConnectorTaskId): StatusEntry | undefined;
  deleteConnector(name: string): void;
  deleteTask(id: ConnectorTaskId): void;
  topics(connector: string): Set<string>;
  addTopic(connector: string, topic: string): void;
  resetTopics(connector: string): void;
}

export class MemoryStatusBackingStore implements StatusBackingStore {
  private readonly connectors = new Map<string, StatusEntry>();
  private readonly taskStatus = new Map<string, Map<number, StatusEntry>>();
  private readonly activeTopics = new Map<string, Set<string>>();

  onConnectorState(connector: string, entry: StatusEntry): void {
    this.connectors.set(connector, entry);
  }
  onTaskState(id: ConnectorTaskId, entry: StatusEntry): void {
    let m = this.taskStatus.get(id.connector);
    if (!m) this.taskStatus.set(id.connector, (m = new Map()));
    m.set(id.task, entry);
  }
  connector(name: string): StatusEntry | undefined {
    return this.connectors.get(name);
  }
  tasks(connector: string): Map<number, StatusEntry> {
    return new Map([...(this.taskStatus.get(connector) ?? new Map<number, StatusEntry>())].sort((a, b) => a[0] - b[0]));
  }
  task(id: ConnectorTaskId): StatusEntry | undefined {
    return this.taskStatus.get(id.connector)?.get(id.task);
  }
  deleteConnector(name: string): void {
    this.connectors.delete(name);
    this.taskStatus.delete(name);
    this.activeTopics.delete(name);
  }
  deleteTask(id: ConnectorTaskId): void {
    this.taskStatus.get(id.connector)?.delete(id.task);
  }
  topics(connector: string): Set<string> {
    return new Set(this.activeTopics.get(connector) ?? []);
  }
  addTopic(connector: string, topic: string): void {
    let s = this.activeTopics.get(connector);
    if (!s) this.activeTopics.set(connector, (s = new Set()));
    s.add(topic);
  }
  resetTopics(connector: string): void {
    this.activeTopics.delete(connector);
  }
}
