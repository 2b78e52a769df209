import type { WrittenBatch } from '@facilflow/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamConsumer, WrittenTelemetryStream } from '../../src/index.ts';
import { deferred } from '../support/deferred.ts';

export interface StreamRig {
  stream: WrittenTelemetryStream;
  /** A second handle on the same stream (another process's view), for Redis; the same one in process. */
  peer: WrittenTelemetryStream;
  teardown(): Promise<void>;
}

export function batchOf(tenantId: string, seq: number, points = 1): WrittenBatch {
  return {
    tenantId,
    agentId: 'agent-1',
    receivedAt: new Date(1_700_000_000_000 + seq * 1000),
    points: Array.from({ length: points }, (_, index) => ({ m: 'oven', tags: { machine: 'Oven2' }, f: { seq, index }, t: 1_700_000_000_000 + seq * 1000 + index })),
  };
}

export const seqOf = (batch: WrittenBatch): number => Number(batch.points[0]?.f.seq);

/**
 * A consumer whose results are the sequence numbers it observed, made durable (here:
 * moved to `checkpointed`) only at its checkpoint, as data quality writes its issues.
 */
export function recordingConsumer(name: string) {
  const observed: number[] = [];
  const checkpointed: number[] = [];
  let sinceCheckpoint: number[] = [];
  const consumer: StreamConsumer & { observed: number[]; checkpointed: number[] } = {
    name,
    observed,
    checkpointed,
    observe(batch) {
      observed.push(seqOf(batch));
      sinceCheckpoint.push(seqOf(batch));
      return Promise.resolve();
    },
    checkpoint() {
      checkpointed.push(...sinceCheckpoint);
      sinceCheckpoint = [];
      return Promise.resolve();
    },
  };
  return consumer;
}

export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);

export function describeStreamContract(name: string, createRig: () => Promise<StreamRig>): void {
  describe(`written-telemetry stream: ${name}`, () => {
    let rig: StreamRig | undefined;
    afterEach(async () => {
      await rig?.teardown();
      rig = undefined;
    });

    it('hands a consumer every batch in order and checkpoints what it observed', async () => {
      rig = await createRig();
      await rig.stream.register('quality');
      const consumer = recordingConsumer('quality');
      const subscription = rig.peer.subscribe(consumer, { checkpointIntervalMs: 50 });
      for (const seq of range(0, 300)) await rig.stream.append(batchOf('tenant-a', seq));
      await until(() => consumer.checkpointed.length === 300, 'all 300 checkpointed');
      expect(consumer.observed).toEqual(range(0, 300));
      await subscription.stop();
    });

    it('resumes a stopped consumer from its checkpoint: nothing skipped, nothing observed twice', async () => {
      rig = await createRig();
      await rig.stream.register('lineage');
      const first = recordingConsumer('lineage');
      const subscription = rig.peer.subscribe(first, { checkpointIntervalMs: 50 });
      for (const seq of range(0, 50)) await rig.stream.append(batchOf('tenant-a', seq));
      await until(() => first.checkpointed.length === 50, 'the first 50');
      await subscription.stop();
      // Written while nobody reads: held for the consumer by name.
      for (const seq of range(50, 120)) await rig.stream.append(batchOf('tenant-a', seq));
      const second = recordingConsumer('lineage');
      const again = rig.peer.subscribe(second, { checkpointIntervalMs: 50 });
      await until(() => second.checkpointed.length === 70, 'the 70 written while stopped');
      expect(second.observed).toEqual(range(50, 120));
      await again.stop();
    });

    it('never makes append wait for a slow consumer, and reports its lag', async () => {
      rig = await createRig();
      await rig.stream.register('slow');
      const release = deferred();
      let observed = 0;
      const subscription = rig.peer.subscribe(
        {
          name: 'slow',
          async observe() {
            await release.promise;
            observed++;
          },
        },
        { checkpointIntervalMs: 50 },
      );
      for (const seq of range(0, 40)) await rig.stream.append(batchOf('tenant-a', seq));
      await until(async () => ((await rig?.stream.lag())?.find((lag) => lag.consumer === 'slow')?.lagBatches ?? 0) >= 39, 'the lag to show');
      const [lag] = (await rig.stream.lag()).filter((entry) => entry.consumer === 'slow');
      expect(lag?.lagBatches).toBeGreaterThanOrEqual(39);
      release.resolve();
      await until(async () => observed === 40 && ((await rig?.stream.lag())?.find((entry) => entry.consumer === 'slow')?.lagBatches ?? 1) === 0, 'the consumer to catch up');
      await subscription.stop();
    });

    it('counts lag per tenant: a tenant sees only its own batches', async () => {
      rig = await createRig();
      await rig.stream.register('quality');
      for (const seq of range(0, 5)) await rig.stream.append(batchOf('tenant-a', seq));
      for (const seq of range(0, 3)) await rig.stream.append(batchOf('tenant-b', seq));
      expect((await rig.stream.tenantLag('tenant-a')).find((lag) => lag.consumer === 'quality')).toMatchObject({ lagBatches: 5, processedBatches: 0, lagSeconds: 4 });
      expect((await rig.stream.tenantLag('tenant-b')).find((lag) => lag.consumer === 'quality')).toMatchObject({ lagBatches: 3, processedBatches: 0 });
      const consumer = recordingConsumer('quality');
      const subscription = rig.peer.subscribe(consumer, { checkpointIntervalMs: 50 });
      await until(async () => (await rig?.stream.tenantLag('tenant-a'))?.find((lag) => lag.consumer === 'quality')?.processedBatches === 5, 'tenant A processed');
      expect((await rig.stream.tenantLag('tenant-a')).find((lag) => lag.consumer === 'quality')).toMatchObject({ lagBatches: 0, lagSeconds: 0, processedBatches: 5 });
      expect((await rig.stream.tenantLag('tenant-c')).find((lag) => lag.consumer === 'quality')).toMatchObject({ lagBatches: 0, processedBatches: 0 });
      await subscription.stop();
    });

    it('keeps going past a batch the consumer fails on', async () => {
      rig = await createRig();
      await rig.stream.register('picky');
      const seen: number[] = [];
      const subscription = rig.peer.subscribe(
        {
          name: 'picky',
          observe(batch) {
            if (seqOf(batch) === 3) return Promise.reject(new Error('cannot take seq 3'));
            seen.push(seqOf(batch));
            return Promise.resolve();
          },
        },
        { checkpointIntervalMs: 50 },
      );
      for (const seq of range(0, 6)) await rig.stream.append(batchOf('tenant-a', seq));
      await until(() => seen.length === 5, 'the five good batches');
      expect(seen).toEqual([0, 1, 2, 4, 5]);
      await until(async () => (await rig?.stream.lag())?.find((lag) => lag.consumer === 'picky')?.failedBatches === 1, 'the failure counted');
      await subscription.stop();
    });
  });
}
