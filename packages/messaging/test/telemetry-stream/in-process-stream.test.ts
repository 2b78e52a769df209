import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InProcessWrittenTelemetryStream } from '../../src/index.ts';
import { deferred } from '../support/deferred.ts';
import { recordingLog } from '../support/recording-log.ts';
import { batchOf, describeStreamContract, recordingConsumer, until } from './stream.contract.ts';

function spillDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'ff-stream-')), 'spill');
}

describeStreamContract('in-process', () => {
  const dir = spillDir();
  const stream = new InProcessWrittenTelemetryStream({ spillDir: dir, log: recordingLog() });
  return Promise.resolve({ stream, peer: stream, teardown: () => stream.close().finally(() => rmSync(dir, { recursive: true, force: true })) });
});

describe('in-process stream beyond memory', () => {
  it('spills a lagging consumer\'s batches to disk and hands them back in order', async () => {
    const dir = spillDir();
    const stream = new InProcessWrittenTelemetryStream({ spillDir: dir, maxMemoryPoints: 1000, log: recordingLog() });
    await stream.register('quality');
    for (let seq = 0; seq < 500; seq++) await stream.append(batchOf('tenant-a', seq, 10));
    await until(() => readdirSync(dir).length > 0, 'a spill file');
    const consumer = recordingConsumer('quality');
    const subscription = stream.subscribe(consumer, { checkpointIntervalMs: 50 });
    await until(() => consumer.checkpointed.length === 500, 'every batch');
    expect(consumer.observed).toEqual(Array.from({ length: 500 }, (_, index) => index));
    await subscription.stop();
    // Every consumer is past them: the files go.
    await stream.append(batchOf('tenant-a', 500, 10));
    await until(() => readdirSync(dir).length === 0, 'the spill files to be deleted');
    await stream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('past its disk bound drops the oldest spilled batches and counts them as skipped, never blocking append', async () => {
    const dir = spillDir();
    const stream = new InProcessWrittenTelemetryStream({ spillDir: dir, maxMemoryPoints: 100, maxSpillBytes: 4096, log: recordingLog() });
    await stream.register('stuck');
    const release = deferred();
    const seen: number[] = [];
    const subscription = stream.subscribe({ name: 'stuck', observe: async (batch) => { await release.promise; seen.push(Number(batch.points[0]?.f.seq)); } });
    for (let seq = 0; seq < 400; seq++) await stream.append(batchOf('tenant-a', seq, 10));
    const [lag] = await stream.lag();
    expect(lag?.skippedBatches).toBeGreaterThan(0);
    const [tenantLag] = await stream.tenantLag('tenant-a');
    expect(tenantLag?.skippedBatches).toBe(lag?.skippedBatches);
    release.resolve();
    await until(async () => (await stream.lag())[0]?.lagBatches === 0, 'the consumer to catch up');
    // What it saw is in order, and with the skipped ones accounts for every batch but the one in hand when the drop came.
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(seen.length + (lag?.skippedBatches ?? 0)).toBe(400);
    await subscription.stop();
    await stream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds nothing when no consumer is registered', async () => {
    const dir = spillDir();
    const stream = new InProcessWrittenTelemetryStream({ spillDir: dir, maxMemoryPoints: 10, log: recordingLog() });
    for (let seq = 0; seq < 100; seq++) await stream.append(batchOf('tenant-a', seq, 10));
    expect(readdirSync(dir)).toEqual([]);
    expect(await stream.lag()).toEqual([]);
    await stream.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
