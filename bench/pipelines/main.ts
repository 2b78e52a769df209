// npm run bench -- pipelines [--quick]
//
// Issue 10's benchmark, in one run:
// 1. stream: "1-minute average per host, event above a threshold" over TSBS cpu-only rows fed
//    through ingest over MQTT, our stream pipeline beside the same job as a Node-RED flow
//    (installed on demand, on the same embedded broker code), points/s and publish → output latency;
// 2. Windmill's method on the in-process queue and on BullMQ (Redis on 127.0.0.1:6379): a 40-stage
//    chain and a 400-stage fan-out of no-op stages run through startPipelineRun and the run worker,
//    beside the same shapes as raw queue jobs on the same queue, and trigger → first stage;
// 3. scale: a burst of runs over 100 logical workers in 4 worker processes (BullMQ, PostgreSQL),
//    with pipelines.get's latency over tRPC against a `--roles web` server process meanwhile.
// `--part stream|windmill|scale` runs one part alone (then no headline line).
import { runBench } from '../lib/cleanup.ts';
import { percentile } from '../lib/stats.ts';
import { runStreamBench, type StreamShape } from './stream-bench.ts';
import { printStreamReport, streamRatio } from './stream-report.ts';
import type { WindmillShape } from './windmill-bench.ts';
import { runWindmillPart } from './windmill-part.ts';
import { fanOutShare, printWindmillReport } from './windmill-report.ts';
import type { ScaleShape } from './scale-messages.ts';
import { runScalePart } from './scale-part.ts';
import { printScaleReport } from './scale-report.ts';

const quick = process.argv.includes('--quick');
const partIndex = process.argv.indexOf('--part');
const only = partIndex >= 0 ? process.argv[partIndex + 1] : undefined;
if (only !== undefined && !['stream', 'windmill', 'scale'].includes(only)) throw new Error(`--part takes stream, windmill or scale, not ${only}`);
const runs = (part: string) => only === undefined || only === part;

const STREAM: StreamShape = quick
  ? { slices: 1, hostsPerSlice: 2000, saturationMinutes: 3, pacedMs: 5_000, pacedShare: 0.5 }
  : { slices: 1, hostsPerSlice: 2000, saturationMinutes: 40, pacedMs: 20_000, pacedShare: 0.5 };

// Quick keeps the 40-stage chain but fans out 100: a 400-stage run alone takes seconds per side.
const WINDMILL: WindmillShape = quick
  ? { chainLength: 40, fanOutWidth: 100, chainRuns: 3, fanOutRuns: 2, warmUpRuns: 1 }
  : { chainLength: 40, fanOutWidth: 400, chainRuns: 30, fanOutRuns: 10, warmUpRuns: 2 };
/** Stages of a run at once, and the raw worker's concurrency: the worker concurrency of part 3's processes. */
const STAGE_CONCURRENCY = 25;
const SCALE: ScaleShape = quick
  ? { runs: 200, processes: 4, slotsPerProcess: STAGE_CONCURRENCY, stagesPerRun: 2, stageMs: 500, apiCallsPerSecond: 20 }
  : { runs: 1000, processes: 4, slotsPerProcess: STAGE_CONCURRENCY, stagesPerRun: 3, stageMs: 2000, apiCallsPerSecond: 50 };

await runBench(async () => {
  console.log(`pipelines bench${quick ? ' (quick)' : ''}`);
  const stream = runs('stream') ? await runStreamBench(STREAM) : undefined;
  if (stream) printStreamReport(stream);
  const windmill = runs('windmill') ? await runWindmillPart(STAGE_CONCURRENCY, WINDMILL) : undefined;
  if (windmill) printWindmillReport(windmill, WINDMILL);
  if (runs('scale')) printScaleReport(await runScalePart(SCALE));
  if (!stream || !windmill) return;
  // The headline is BullMQ's side, the queue a deployment at scale runs on.
  const bullmq = windmill.find((o) => o.queue.startsWith('BullMQ'))!;
  console.log(
    `pipelines: ${percentile(bullmq.chainMs, 50).toFixed(0)} ms chain, ${fanOutShare(bullmq).toFixed(2)} of raw BullMQ fan-out, ` +
      `${percentile(bullmq.triggerToFirstStageMs, 99).toFixed(1)} ms trigger p99, ${streamRatio(stream).toFixed(2)}x Node-RED`,
  );
});
