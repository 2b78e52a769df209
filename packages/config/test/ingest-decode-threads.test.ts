import { describe, expect, it } from 'vitest';
import { ingestDecodeThreads } from '../src/decode-threads.ts';
import { ConfigError, loadConfig } from '../src/index.ts';

describe('FACILFLOW_INGEST_DECODE_THREADS', () => {
  it('auto gives no decode thread below 4 cores, else half the cores', () => {
    expect([1, 2, 3, 4, 5, 8, 16].map((cores) => ingestDecodeThreads('auto', cores))).toEqual([0, 0, 0, 2, 2, 4, 8]);
  });

  it('a number is taken as given, and a bad value names the variable', () => {
    expect(loadConfig({ FACILFLOW_INGEST_DECODE_THREADS: '3' }).ingest.decodeThreads).toBe(3);
    expect(loadConfig({ FACILFLOW_INGEST_DECODE_THREADS: '0' }).ingest.decodeThreads).toBe(0);
    expect(() => loadConfig({ FACILFLOW_INGEST_DECODE_THREADS: 'many' })).toThrow(ConfigError);
    expect(() => loadConfig({ FACILFLOW_INGEST_DECODE_THREADS: '-1' })).toThrow(/FACILFLOW_INGEST_DECODE_THREADS/);
  });
});
