// One of the scale part's worker processes: the platform on the part's PostgreSQL and Redis with
// the bench's catalog, running `slots` runs at once from the shared BullMQ queue.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processPipelineRuns } from '@facilflow/core';
import { createPlatform } from '@facilflow/platform';
import { benchConfig } from '../lib/bench-platform.ts';
import { childMain, closeAndExit, fromParent, tell, tellError } from '../lib/child.ts';
import { benchPipelineEngine } from './bench-catalog.ts';
import type { ScaleWorkerReady, StartScaleWorker } from './scale-messages.ts';

childMain(async () => {
  const start = await fromParent<StartScaleWorker>('start');
  const dataDir = mkdtempSync(join(tmpdir(), 'ff-bench-scale-worker-'));
  const config = await benchConfig(dataDir, { DATABASE_URL: start.databaseUrl, REDIS_URL: start.redisUrl, FACILFLOW_REDIS_PREFIX: start.redisPrefix, FACILFLOW_ROLES: 'worker', FACILFLOW_LOG_LEVEL: 'warn' });
  const platform = await createPlatform(config, { startBroker: false });
  platform.services.pipelineEngine = benchPipelineEngine;
  const worker = await processPipelineRuns(platform.services, { concurrency: start.slots });
  tell({ type: 'ready' } satisfies ScaleWorkerReady);
  await fromParent('close');
  await closeAndExit([() => worker.close(), () => platform.close(), async () => rmSync(dataDir, { recursive: true, force: true })]).catch(tellError);
});
