import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openBatchBuffer, type BatchBuffer } from '../src/buffer/batch-buffer.ts';
import type { BatchRecord } from '../src/buffer/record-format.ts';
import { batchPoints, pointsOf } from './support/batches.ts';
import { recordingLogger } from './support/log.ts';
import { tempDirs } from './support/temp-dir.ts';

const dirs = tempDirs('buffer');
afterAll(() => dirs.removeAll());

const MiB = 1024 * 1024;

async function open(dir: string, limits: { maxBytes?: number; dropPolicy?: 'drop-oldest' | 'drop-newest' } = {}) {
  const log = recordingLogger();
  const buffer = await openBatchBuffer({ dir, maxBytes: limits.maxBytes ?? 64 * MiB, dropPolicy: limits.dropPolicy ?? 'drop-oldest', log });
  return { buffer, log };
}

async function readAll(buffer: BatchBuffer): Promise<BatchRecord[]> {
  await buffer.sync();
  return buffer.read(0, Number.MAX_SAFE_INTEGER);
}

/** Every record holds the points batchPoints wrote for its own sequence number. */
function expectIntact(records: BatchRecord[]): void {
  for (const record of records) {
    const points = pointsOf(record);
    expect(points, `seq ${record.seq}`).toHaveLength(record.pointCount);
    expect(points.every((p) => p.f.n === record.seq), `seq ${record.seq}`).toBe(true);
  }
}

async function segmentFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith('segment-')).sort();
}

describe('durable batch buffer', () => {
  it('serves the newest batches from memory and older ones from the disk, the same records either way', async () => {
    const dir = await dirs.make();
    const first = await open(dir);
    // About 7 MiB: more than the 4 MiB kept in memory, so the oldest are on disk only.
    for (let i = 0; i < 200; i += 1) first.buffer.append(batchPoints(i, 500), 500);
    const all = await readAll(first.buffer);
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expectIntact(all);
    const newest = await first.buffer.read(190, 100);
    expect(newest.map((r) => r.seq)).toEqual(Array.from({ length: 10 }, (_, i) => 190 + i));
    expectIntact(newest);
    first.buffer.acknowledge(194);
    expect((await first.buffer.read(0, 100)).map((r) => r.seq)).toEqual([195, 196, 197, 198, 199]);
    await first.buffer.close();

    const second = await open(dir);
    const fromDisk = await readAll(second.buffer);
    expect(fromDisk.map((r) => [r.seq, r.pointCount, r.points.toString('utf8')])).toEqual(newest.slice(5).map((r) => [r.seq, r.pointCount, r.points.toString('utf8')]));
    await second.buffer.close();
  });

  it('assigns increasing sequence numbers, reads in order, and removes acknowledged batches across a restart', async () => {
    const dir = await dirs.make();
    const first = await open(dir);
    const seqs = Array.from({ length: 20 }, (_, i) => first.buffer.append(batchPoints(i, 3), 3));
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const records = await readAll(first.buffer);
    expect(records.map((r) => r.seq)).toEqual(seqs);
    expectIntact(records);

    first.buffer.acknowledge(11);
    expect(first.buffer.stats()).toMatchObject({ batches: 8, firstUnacked: 12, nextSeq: 20, droppedBatches: 0 });
    expect((await first.buffer.read(0, 100)).map((r) => r.seq)).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
    await first.buffer.close();

    const second = await open(dir);
    expect(second.buffer.stats()).toMatchObject({ batches: 8, firstUnacked: 12, nextSeq: 20 });
    expect((await readAll(second.buffer)).map((r) => r.seq)).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
    expect(second.buffer.append(batchPoints(20, 1), 1)).toBe(20);

    // Everything acknowledged (only durable batches can be): the numbers still continue after a restart with no record left.
    await second.buffer.sync();
    second.buffer.acknowledge(20);
    await second.buffer.close();
    const third = await open(dir);
    expect(third.buffer.stats()).toMatchObject({ batches: 0, bytes: 0, firstUnacked: 21, nextSeq: 21 });
    expect(third.buffer.append(batchPoints(21, 1), 1)).toBe(21);
    await third.buffer.close();
  });

  it('cuts a torn record off the tail on reopen and continues the sequence after the last complete batch', async () => {
    const dir = await dirs.make();
    const { buffer } = await open(dir);
    for (let i = 0; i < 10; i += 1) buffer.append(batchPoints(i, 5), 5);
    await buffer.close();

    // A crash in the middle of writing the last record: its tail never reached the disk.
    const [segment] = await segmentFiles(dir);
    const path = join(dir, segment ?? '');
    const size = (await stat(path)).size;
    await truncate(path, size - 40);

    const reopened = await open(dir);
    const records = await readAll(reopened.buffer);
    expect(records.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expectIntact(records);
    expect(reopened.log.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'buffer segment cut at its first bad record', keptBatches: 9 }));
    expect(reopened.buffer.append(batchPoints(9, 2), 2)).toBe(9);
    expect((await readAll(reopened.buffer)).map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await reopened.buffer.close();
    expect((await stat(path)).size).toBeLessThan(size);
  });

  it('drop-oldest keeps the files under maxBytes by dropping whole batches from the head, and counts them', async () => {
    const dir = await dirs.make();
    const { buffer } = await open(dir, { maxBytes: MiB, dropPolicy: 'drop-oldest' });
    const pointsPerBatch = 100; // about 9 KB per batch: 200 batches are close to twice the bound
    for (let i = 0; i < 200; i += 1) {
      expect(buffer.append(batchPoints(i, pointsPerBatch), pointsPerBatch)).toBe(i);
      expect(buffer.stats().diskBytes).toBeLessThanOrEqual(MiB);
      // Batches arrive over time, and are made durable in between.
      await buffer.sync();
    }
    await buffer.sync();
    const stats = buffer.stats();
    expect(stats.droppedBatches).toBeGreaterThan(0);
    expect(stats.droppedPoints).toBe(stats.droppedBatches * pointsPerBatch);
    const records = await readAll(buffer);
    // What is left is the newest stretch, without holes, ending with the last batch.
    expect(records.at(-1)?.seq).toBe(199);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: records.length }, (_, i) => 200 - records.length + i));
    expect(records.length + stats.droppedBatches).toBe(200);
    expect(stats.firstUnacked).toBe(stats.droppedBatches);
    expectIntact(records);
    const onDisk = await Promise.all((await segmentFiles(dir)).map((name) => stat(join(dir, name)).then((s) => s.size)));
    expect(onDisk.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(MiB);
    await buffer.close();
  });

  it('drop-newest refuses batches that do not fit and keeps the oldest ones', async () => {
    const dir = await dirs.make();
    const { buffer } = await open(dir, { maxBytes: MiB, dropPolicy: 'drop-newest' });
    const results = Array.from({ length: 200 }, (_, i) => buffer.append(batchPoints(i, 100), 100));
    const accepted = results.filter((seq) => seq !== null);
    expect(accepted).toEqual(Array.from({ length: accepted.length }, (_, i) => i));
    expect(results.slice(accepted.length).every((seq) => seq === null)).toBe(true);
    expect(buffer.stats()).toMatchObject({ droppedBatches: 200 - accepted.length, droppedPoints: (200 - accepted.length) * 100, firstUnacked: 0 });
    expect(buffer.stats().diskBytes).toBeLessThanOrEqual(MiB);

    // Room comes back as batches are acknowledged; a refused batch never took a number.
    await buffer.sync();
    buffer.acknowledge(accepted.length - 1);
    expect(buffer.append(batchPoints(accepted.length, 100), 100)).toBe(accepted.length);
    await buffer.close();
  });

  it('survives kill -9 of a process writing batches: no damaged record, nothing durable lost, numbers continue', async () => {
    const dir = await dirs.make();
    const progress = join(await dirs.make(), 'durable');
    const writer = fileURLToPath(new URL('./support/buffer-writer.ts', import.meta.url));
    const child = spawn(process.execPath, ['--conditions=facilflow-source', '--import', 'tsx', writer, dir, progress], { stdio: ['ignore', 'inherit', 'inherit'] });
    const exited = once(child, 'exit');
    const readProgress = async () => Number((await readFile(progress, 'utf8').catch(() => '')).trim() || -1);
    // Several segments created and deleted behind us, and writes in full swing.
    while ((await readProgress()) < 20_000) {
      if (child.exitCode !== null) throw new Error(`writer exited early (${child.exitCode})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    await exited;
    const lastDurable = await readProgress();

    const { buffer } = await open(dir);
    const records = await readAll(buffer);
    const { firstUnacked, nextSeq } = buffer.stats();
    expect(firstUnacked).toBeLessThanOrEqual(lastDurable - 49);
    expect(records[0]?.seq).toBe(firstUnacked);
    // Contiguous from the commit offset to at least the last number reported durable.
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: records.length }, (_, i) => firstUnacked + i));
    expect(records.at(-1)?.seq).toBeGreaterThanOrEqual(lastDurable);
    expectIntact(records);
    expect(nextSeq).toBe((records.at(-1)?.seq ?? 0) + 1);
    expect(buffer.append(batchPoints(nextSeq, 1), 1)).toBe(nextSeq);
    await buffer.close();
  });

  it('never hands out a number again, even when the commit offset is lost after everything was acknowledged', async () => {
    const dir = await dirs.make();
    const { buffer } = await open(dir, { maxBytes: MiB }); // 64 KiB segments: many of them
    for (let i = 0; i < 50; i += 1) {
      buffer.append(batchPoints(i, 100), 100);
      await buffer.sync();
    }
    buffer.acknowledge(49);
    await buffer.close();
    expect((await segmentFiles(dir)).length).toBeGreaterThan(0);
    await rm(join(dir, 'ack'));

    const reopened = await open(dir);
    // The segment with the newest durable batch is never deleted: numbering resumes after it, and what
    // is left of it goes out once more (already acknowledged; ingest drops it by sequence number).
    const { nextSeq, firstUnacked } = reopened.buffer.stats();
    expect(nextSeq).toBe(50);
    expect((await readAll(reopened.buffer)).map((r) => r.seq)).toEqual(Array.from({ length: 50 - firstUnacked }, (_, i) => firstUnacked + i));
    await reopened.buffer.close();
  });

  it('refuses a second writer on the same directory', async () => {
    const dir = await dirs.make();
    const { buffer } = await open(dir);
    await expect(open(dir)).rejects.toThrow(/another agent is using this data directory/);
    await buffer.close();
  });
});
