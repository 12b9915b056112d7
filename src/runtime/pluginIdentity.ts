// What a running plugin is called and which version it is, as Kafka Connect reports them: plain
// functions, usable on the main thread and in task threads alike.

/**
 * `task.class` as Kafka Connect writes it: the task class's full name. A JavaScript class has no
 * package, so it takes its connector's (`org.apache.kafka.connect.file.` + `FileStreamSourceTask`).
 */
export function fullTaskClassName(connectorClassName: string, taskClass: { name: string }): string {
  if (taskClass.name.includes('.')) return taskClass.name;
  const dot = connectorClassName.lastIndexOf('.');
  return dot > 0 ? `${connectorClassName.slice(0, dot + 1)}${taskClass.name}` : taskClass.name;
}

/** A plugin's version() (KIP-891: reported in statuses); undefined when it has none or it throws. */
export function pluginVersion(plugin: { version?(): string }): string | undefined {
  try {
    const v = plugin.version?.();
    return typeof v === 'string' && v !== '' ? v : undefined;
  } catch {
    return undefined;
  }
}
