import { availableParallelism } from 'node:os';

/**
 * FACILFLOW_INGEST_DECODE_THREADS resolved: `auto` gives none below 4 cores, where the
 * threads would take the cores the ingest thread and the store need, else half the cores.
 */
export function ingestDecodeThreads(setting: 'auto' | number, cores: number = availableParallelism()): number {
  if (setting !== 'auto') return setting;
  return cores < 4 ? 0 : Math.floor(cores / 2);
}
