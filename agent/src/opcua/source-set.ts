import type { OpcUaSource } from '@facilflow/contracts';
import type { Logger } from '../log.ts';
import { SourceConnection, type SourceConnectionDeps, type SourceSnapshot } from './source-connection.ts';

/**
 * The running sources, keyed by id. Applying a config touches only what changed: a source whose
 * settings are identical keeps its connection and subscription, so a config that adds one tag
 * to one PLC does not make every other PLC miss a beat.
 */
export class SourceSet {
  readonly #sources = new Map<string, SourceConnection>();
  readonly #deps: SourceConnectionDeps;
  readonly #log: Logger;

  constructor(deps: SourceConnectionDeps) {
    this.#deps = deps;
    this.#log = deps.log;
  }

  async apply(sources: readonly OpcUaSource[]): Promise<void> {
    const wanted = new Map(sources.map((source) => [source.id, source]));
    const stopping: Promise<void>[] = [];
    for (const [id, running] of this.#sources) {
      const next = wanted.get(id);
      if (next && sameSource(running.source, next)) continue;
      this.#log.info(next ? 'source changed: restarting it' : 'source removed: stopping it', { source: id });
      this.#sources.delete(id);
      stopping.push(running.stop());
    }
    await Promise.all(stopping);
    for (const [id, source] of wanted) {
      if (this.#sources.has(id)) continue;
      const connection = new SourceConnection(source, this.#deps);
      this.#sources.set(id, connection);
      connection.start();
    }
    this.#deps.onChange();
  }

  get(id: string): SourceConnection {
    const source = this.#sources.get(id);
    if (!source) throw new Error(`no source "${id}" in the running config`);
    return source;
  }

  snapshots(): SourceSnapshot[] {
    return [...this.#sources.values()].map((source) => source.snapshot());
  }

  async stop(): Promise<void> {
    const all = [...this.#sources.values()];
    this.#sources.clear();
    await Promise.all(all.map((source) => source.stop()));
  }
}

/** Parsed configs come out of one zod schema, so their keys are in the same order. */
function sameSource(a: OpcUaSource, b: OpcUaSource): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
