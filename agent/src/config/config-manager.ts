import type { AgentConfig } from '@facilflow/contracts';
import { SerialQueue } from '../buffer/serial-queue.ts';
import { errorMessage, type Logger } from '../log.ts';
import type { ConfigRejection } from '../publisher/status-reporter.ts';
import { parseAgentConfig, writeAppliedConfig } from './config-files.ts';

export interface ConfigManagerOptions {
  dataDir: string;
  /** Makes the agent run `config` (sources, batching, buffer bound, heartbeat). */
  apply(config: AgentConfig, previous: AgentConfig | null): Promise<void>;
  /** The applied version or the rejection changed: time for a status. */
  onChange(): void;
  log: Logger;
}

/**
 * Which config the agent runs. Remote configs arrive (retained) on the agent's config topic:
 * one that does not parse or validate is rejected — logged and reported in the status — and
 * the running config stays; a valid one with a higher version than the running one is applied
 * and persisted; the same or a lower version is ignored (a retained message comes again on
 * every reconnect). Configs are applied one at a time, in arrival order.
 */
export class ConfigManager {
  readonly #options: ConfigManagerOptions;
  readonly #queue = new SerialQueue();
  #current: AgentConfig | null = null;
  #rejection: ConfigRejection | null = null;

  constructor(options: ConfigManagerOptions) {
    this.#options = options;
  }

  current(): AgentConfig | null {
    return this.#current;
  }

  appliedVersion(): number | null {
    return this.#current?.version ?? null;
  }

  rejection(): ConfigRejection | null {
    return this.#rejection;
  }

  /** The starting config (local file or the last remote one persisted), before any remote arrives. */
  applyInitial(config: AgentConfig): Promise<void> {
    return this.#queue.run(async () => {
      await this.#apply(config, 'startup');
    });
  }

  /** A message on the config topic. Resolves once it has been applied or turned down. */
  handleRemote(payload: Buffer): Promise<void> {
    return this.#queue.run(async () => {
      if (payload.length === 0) return; // a cleared retained message: nothing to run
      let raw: unknown;
      try {
        raw = JSON.parse(payload.toString('utf8'));
      } catch (e) {
        this.#reject(null, `not JSON: ${errorMessage(e)}`);
        return;
      }
      const parsed = parseAgentConfig(raw);
      if (!parsed.ok) {
        this.#reject(parsed.version, parsed.error);
        return;
      }
      const running = this.appliedVersion();
      if (running !== null && parsed.config.version <= running) {
        this.#options.log.debug('remote config not newer than the running one; ignored', { version: parsed.config.version, running });
        return;
      }
      if (await this.#apply(parsed.config, 'remote')) await writeAppliedConfig(this.#options.dataDir, parsed.config);
    });
  }

  /** True once `config` runs. */
  async #apply(config: AgentConfig, origin: 'startup' | 'remote'): Promise<boolean> {
    const previous = this.#current;
    try {
      await this.#options.apply(config, previous);
    } catch (e) {
      this.#reject(config.version, `could not be applied: ${errorMessage(e)}`);
      return false;
    }
    this.#current = config;
    if (origin === 'remote') this.#rejection = null;
    this.#options.log.info('config applied', { version: config.version, origin, previous: previous?.version ?? null, sources: config.sources.length });
    this.#options.onChange();
    return true;
  }

  #reject(version: number | null, error: string): void {
    this.#rejection = { version, error, at: Date.now() };
    this.#options.log.warn('remote config rejected; the running config stays', { version, error, running: this.appliedVersion() });
    this.#options.onChange();
  }
}
