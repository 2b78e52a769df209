/**
 * A child process for the crash test: appends batches to the buffer in `argv[2]` as fast as it
 * can and acknowledges all but the last 50 durable ones, until it is killed. After each new
 * durable batch it overwrites `argv[3]` with that sequence number — one small pwrite, which a
 * kill cannot tear and which, unlike a pipe, nothing has to read before the process dies.
 */
import { openSync, writeSync } from 'node:fs';
import { openBatchBuffer } from '../../src/buffer/batch-buffer.ts';
import { createJsonLogger } from '../../src/log.ts';
import { batchPoints } from './batches.ts';

const [dir, progressPath] = process.argv.slice(2);
if (!dir || !progressPath) throw new Error('usage: buffer-writer DIR PROGRESS_FILE');
const progress = openSync(progressPath, 'w');
// 64 MiB: 4 MiB segments, so a run of a second or two creates and deletes several, and nothing is dropped.
const buffer = await openBatchBuffer({ dir, maxBytes: 64 * 1024 * 1024, dropPolicy: 'drop-oldest', log: createJsonLogger({ level: 'error' }) });
let reported = -1;
buffer.onChange(() => {
  const durable = buffer.durableSeq();
  if (durable <= reported) return;
  reported = durable;
  buffer.acknowledge(durable - 50);
  writeSync(progress, String(durable).padStart(20, ' '), 0);
});
for (;;) {
  const seq = buffer.stats().nextSeq;
  buffer.append(batchPoints(seq, 1 + (seq % 40)), 1 + (seq % 40));
  await new Promise((resolve) => setImmediate(resolve));
}
