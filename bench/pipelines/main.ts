// npm run bench -- pipelines [--quick]
//
// Issue 10's benchmark, in one run:
// 1. stream: "1-minute average per host, event above a threshold" over TSBS cpu-only rows fed
//    through ingest over MQTT, our stream pipeline beside the same job as a Node-RED flow
//    (installed on demand, on the same embedded broker code), points/s and publish → output latency;
// 2. (once the run queue lands) Windmill's method on the in-process queue and on BullMQ: a 40-stage chain and a 400-stage
//    fan-out of no-op stages beside the same shapes as raw queue jobs, trigger → first stage;
// 3. (once the run queue lands) scale: 1,000 runs at once over 100 logical workers in 4 processes, pipelines.get p99 over tRPC.
import { runBench } from '../lib/cleanup.ts';
import { runStreamBench, type StreamShape } from './stream-bench.ts';
import { printStreamReport, streamRatio } from './stream-report.ts';

const quick = process.argv.includes('--quick');

const STREAM: StreamShape = quick
  ? { slices: 1, hostsPerSlice: 2000, saturationMinutes: 3, pacedMs: 5_000, pacedShare: 0.5 }
  : { slices: 1, hostsPerSlice: 2000, saturationMinutes: 40, pacedMs: 20_000, pacedShare: 0.5 };

await runBench(async () => {
  console.log(`pipelines bench${quick ? ' (quick)' : ''}`);
  const stream = await runStreamBench(STREAM);
  printStreamReport(stream);
  // Parts 2 and 3 need the run queue and worker (startPipelineRun, processPipelineRuns), not in this tree yet: their figures are n/a.
  console.log(`pipelines: n/a ms chain, n/a of raw BullMQ fan-out, n/a ms trigger p99, ${streamRatio(stream).toFixed(2)}x Node-RED`);
});
