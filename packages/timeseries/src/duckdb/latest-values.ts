import type { LatestFilter, LatestValue } from '../time-series-store.ts';
import type { LastValueCache } from './last-value-cache.ts';
import { checkLatestFilter, readLatest } from './latest.ts';
import type { ReaderPool } from './reader-pool.ts';

/** A fill of the last-value cache in flight, and the signal of the read it runs in. */
interface Fill {
  done: Promise<void>;
  stop: AbortSignal;
}

/**
 * `latest()` of one tenant's database: from the last-value cache, kept by the writer; a
 * measurement that lost series to the cache's bound is read from the store. The first call
 * after the open fills the cache from the store (one scan per measurement).
 */
export class LatestValues {
  private fill: Fill | undefined;

  constructor(
    private readonly cache: LastValueCache,
    private readonly readers: ReaderPool,
  ) {}

  async latest(filter: LatestFilter, stop: AbortSignal): Promise<LatestValue[]> {
    checkLatestFilter(filter);
    stop.throwIfAborted();
    await this.filled(stop);
    const { values, readFromStore } = this.cache.read(filter);
    if (readFromStore.length === 0) return values;
    return this.readers.withReader(stop, async (connection) => {
      for (const measurement of readFromStore) values.push(...(await readLatest(connection, { ...filter, measurement })));
      return values;
    });
  }

  /**
   * One fill at a time, shared by the callers waiting for it; when the caller whose read runs
   * it goes away, the next caller starts another.
   */
  private async filled(stop: AbortSignal): Promise<void> {
    while (!this.cache.ready) {
      stop.throwIfAborted();
      let fill = this.fill;
      if (fill === undefined) {
        const done = this.readers.withReader(stop, (connection) => readLatest(connection, {})).then((values) => this.cache.applyRebuild(values));
        const started: Fill = { done, stop };
        fill = started;
        this.fill = started;
        void done
          .catch(() => undefined)
          .finally(() => {
            if (this.fill === started) this.fill = undefined;
          });
      }
      try {
        await fill.done;
      } catch (error) {
        if (fill.stop === stop || !fill.stop.aborted) throw error;
      }
    }
  }
}
