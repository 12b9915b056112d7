import { ConfigDef, SourceConnector, Validators, type SourceTaskClass } from 'kconnect';
import { GreetingSourceTask } from './GreetingSourceTask.js';

export const VERSION = '1.0.0';

/** Every key the connector reads, declared once: validation, defaults and REST docs come from here. */
export const CONFIG_DEF = new ConfigDef()
  .define({ name: 'topic', type: 'STRING', importance: 'HIGH', documentation: 'The topic to write greetings to.' })
  .define({ name: 'names', type: 'LIST', defaultValue: 'world', importance: 'MEDIUM', documentation: 'Who to greet, in turn.' })
  .define({ name: 'greeting', type: 'STRING', defaultValue: 'Hello', importance: 'LOW', documentation: 'The word to greet with.' })
  .define({ name: 'max.greetings', type: 'LONG', defaultValue: 100, validator: Validators.atLeast(0), importance: 'LOW',
    documentation: 'Stop after this many greetings in all (0: never stop).' })
  .define({ name: 'poll.interval.ms', type: 'INT', defaultValue: 200, validator: Validators.atLeast(1), importance: 'LOW',
    documentation: 'How long to wait between two batches of greetings.' })
  .define({ name: 'signing.secret', type: 'PASSWORD', defaultValue: null, importance: 'MEDIUM',
    documentation: 'When set, each greeting carries an HMAC-SHA256 signature made with this secret. '
      + 'Keep it out of the config with a config provider, e.g. ${json:/etc/greetings/secrets.json:signing.secret}.' });

/** Greets a list of names, one greeting per record, and remembers where it stopped. */
export class GreetingSourceConnector extends SourceConnector {
  private props: Record<string, string> = {};

  version(): string {
    return VERSION;
  }

  start(props: Record<string, string>): void {
    CONFIG_DEF.parse(props); // throws ConfigException, naming the key, when something is wrong
    this.props = { ...props };
  }

  taskClass(): SourceTaskClass {
    return GreetingSourceTask;
  }

  /** The greetings are one sequence, so one task whatever tasks.max says. */
  taskConfigs(_maxTasks: number): Record<string, string>[] {
    return [{ ...this.props }];
  }

  stop(): void {}

  config(): ConfigDef {
    return CONFIG_DEF;
  }
}
