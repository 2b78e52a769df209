/**
 * One run worker in a process of its own, on the PostgreSQL and Redis its environment names, with
 * short leases so a test that kills it sees its runs recovered within seconds. It prints READY,
 * then a line per stage event and per finished job for the test to read.
 */
import { loadConfig } from '@facilflow/config';
import { processPipelineRuns } from '@facilflow/core';
import { createPlatform } from '@facilflow/platform';
import { stageListeners, workerTestEngine } from './worker-test-components.ts';

const platform = await createPlatform(loadConfig(process.env));
platform.services.pipelineEngine = workerTestEngine;
stageListeners.add((event) => console.log(`STAGE ${event.event} ${event.runId} ${event.stageId}`));
platform.services.queue.onJobEvent((event) => {
  if (event.type === 'completed') console.log(`JOB ${JSON.stringify(event.result)}`);
});
const worker = await processPipelineRuns(platform.services, {
  concurrency: Number(process.env.WORKER_CONCURRENCY ?? '2'),
  leaseMs: 1_500,
  renewEveryMs: 300,
  recoverEveryMs: 500,
  stalledIntervalMs: 1_000,
  recheckMs: 100,
});
console.log(`READY ${worker.workerId}`);
process.once('SIGTERM', () => {
  void worker.close().then(() => platform.close()).then(() => process.exit(0));
});
