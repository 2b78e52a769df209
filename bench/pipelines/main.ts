// npm run bench -- pipelines [--quick]
//
// Issue 10's benchmark, in one run:
// 1. stream: "1-minute average per host, event above a threshold" over TSBS cpu-only rows fed
//    through ingest over MQTT, our stream pipeline beside the same job as a Node-RED flow
//    (installed on demand, on the same embedded broker code), points/s and publish → output latency.
import { runBench } from '../lib/cleanup.ts';
import { formatRatio } from '../lib/stats.ts';
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
  console.log(`pipelines: ${formatRatio(streamRatio(stream))} Node-RED`);
});
