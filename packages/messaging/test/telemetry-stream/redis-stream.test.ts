import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@facilflow/testkit/free-port';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisWrittenTelemetryStream, shardOf } from '../../src/index.ts';
import { recordingLog } from '../support/recording-log.ts';
import { assertRedisReachable, deleteKeys, testRedisUrl, uniquePrefix } from '../support/redis.ts';
import { batchOf, describeStreamContract, until } from './stream.contract.ts';

const here = dirname(fileURLToPath(import.meta.url));

describe('Redis written-telemetry stream without Redis', () => {
  it('fails to start with a message naming Redis', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    await expect(createRedisWrittenTelemetryStream({ url, log: recordingLog() })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^Redis at 127\.0\.0\.1:\d+ is not reachable \(written-telemetry stream\)/),
    });
  });
});

if (testRedisUrl) {
  const url = testRedisUrl;
  const prefixes: string[] = [];
  beforeAll(() => assertRedisReachable(url));
  afterAll(async () => {
    for (const prefix of prefixes) await deleteKeys(url, prefix);
  });

  describeStreamContract(`Redis Streams (${url})`, async () => {
    const prefix = `${uniquePrefix()}:`;
    prefixes.push(prefix);
    const stream = await createRedisWrittenTelemetryStream({ url, prefix, shards: 4, leaseMs: 3000, log: recordingLog() });
    const peer = await createRedisWrittenTelemetryStream({ url, prefix, shards: 4, leaseMs: 3000, log: recordingLog() });
    return { stream, peer, teardown: async () => void (await Promise.all([stream.close(), peer.close()])) };
  });

  describe('Redis Streams across worker processes', () => {
    const children: ChildProcess[] = [];
    afterAll(() => {
      for (const child of children) child.kill('SIGKILL');
    });

    function startWorker(env: Record<string, string>): { child: ChildProcess; said(line: string): Promise<void> } {
      const child = spawn(process.execPath, ['--conditions=facilflow-source', '--import', 'tsx', join(here, 'fixtures/stream-worker.ts')], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      return { child, said: (line) => until(() => output.includes(line), `the worker to say ${line}`, 60_000) };
    }

    it('one of two workers SIGKILLed mid-batch: the other takes its shards, every batch is in the results exactly once', async () => {
      const prefix = `${uniquePrefix()}:`;
      prefixes.push(prefix);
      const results = join(mkdtempSync(join(tmpdir(), 'ff-stream-workers-')), 'results.txt');
      const stream = await createRedisWrittenTelemetryStream({ url, prefix, shards: 8, leaseMs: 1500, log: recordingLog() });
      await stream.register('quality');
      const tenants = Array.from({ length: 16 }, (_, index) => `tenant-${index}`);
      // Both workers have shards to lose: the tenants cover several shards.
      expect(new Set(tenants.map((tenant) => shardOf(tenant, 8))).size).toBeGreaterThan(3);
      const env = { REDIS_URL: url, STREAM_PREFIX: prefix, RESULTS_FILE: results };
      // The victim first, holding every shard, so that it surely has batches to be killed on;
      // the survivor joining makes it give half back (it keeps the lower shards: 10 of the 16 tenants).
      const victim = startWorker({ ...env, HOLD_AT: '150' });
      await victim.said('READY');
      const leases = new Redis(url);
      await until(async () => (await leases.keys(`${prefix}leases:quality:lease:*`)).length === 8, 'the victim to lease every shard');
      await leases.quit();
      const survivor = startWorker(env);
      await survivor.said('READY');

      const expected: string[] = [];
      for (let seq = 0; seq < 100; seq++) {
        for (const tenant of tenants) {
          await stream.append(batchOf(tenant, seq));
          expected.push(`${tenant}/${seq}`);
        }
      }
      await victim.said('HOLDING');
      victim.child.kill('SIGKILL');

      const lines = () => (existsSync(results) ? readFileSync(results, 'utf8').split('\n').filter(Boolean) : []);
      await until(() => lines().length >= expected.length, 'every batch in the results', 60_000);
      const got = lines();
      expect(got.length).toBe(expected.length);
      expect([...got].sort()).toEqual([...expected].sort());
      // Per tenant, in the order written.
      for (const tenant of tenants) {
        const seqs = got.filter((line) => line.startsWith(`${tenant}/`)).map((line) => Number(line.split('/')[1]));
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      }
      await until(async () => (await stream.lag()).find((lag) => lag.consumer === 'quality')?.lagBatches === 0, 'no lag left');
      survivor.child.kill('SIGTERM');
      await stream.close();
    }, 180_000);
  });
}
