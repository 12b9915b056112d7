/** KIP-297: resolves `${provider:path:key}` placeholders in connector configs. */
export interface ConfigData {
  data: Record<string, string>;
  ttl?: number;
}

export interface ConfigProvider {
  configure(configs: Record<string, string>): void;
  /** Values for `keys` under `path`; every key when `keys` is omitted. */
  get(path: string, keys?: Set<string>): ConfigData | Promise<ConfigData>;
  close?(): void;
}

export type ConfigProviderClass = new () => ConfigProvider;
