// The scale part's server process: `facilflow serve --roles web` on PostgreSQL and Redis (tRPC
// answering the parent's pipelines.get), beside the bench's own platform on the same database for
// the tenant, its pipeline, the burst of runs and their counts. The worker processes run them.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPipelineRun } from '@facilflow/core';
import { schema, sql } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import { runServer } from '@facilflow/app/server';
import { benchConfig, createBenchPlatform } from '../lib/bench-platform.ts';
import { childMain, closeAndExit, fromParent, tell, tellError } from '../lib/child.ts';
import { publishBenchPipeline, useBenchCatalog } from './bench-catalog.ts';
import type { CountRuns, RunCounts, RunsTriggered, ScaleServerReady, StartScaleServer, TriggerRuns } from './scale-messages.ts';
import { waitChainSpec } from './wait-component.ts';

/** Runs being started at once in the burst. */
const STARTS_AT_ONCE = 16;

childMain(async () => {
  const start = await fromParent<StartScaleServer>('start');
  const dataDir = mkdtempSync(join(tmpdir(), 'ff-bench-scale-'));
  // The production server serves the web app's bundle; without one (`npm run build` not run) the web role compiles pages on demand, which tRPC never asks for.
  const built = existsSync(fileURLToPath(new URL('../../app/build/server/index.js', import.meta.url)));
  const env = { NODE_ENV: built ? 'production' : 'development', DATABASE_URL: start.databaseUrl, REDIS_URL: start.redisUrl, FACILFLOW_REDIS_PREFIX: start.redisPrefix, FACILFLOW_ROLES: 'web', FACILFLOW_HTTP_PORT: '0', FACILFLOW_LOG_LEVEL: 'warn' };
  const bench = await createBenchPlatform(dataDir, { startBroker: false, env });
  useBenchCatalog(bench);
  const pipelineId = await publishBenchPipeline(bench, waitChainSpec(start.shape.stagesPerRun, start.shape.stageMs));
  // The product's catalog: its pipelines.get reports the bench's stages as unknown components, the same work as any validation.
  const { server, platform } = await runServer(await benchConfig(dataDir, env));
  const scope: TenantScope = { tenantId: bench.tenantId, actor: bench.admin.actor, role: 'admin' };
  tell({ type: 'ready', url: server.url, apiKey: bench.apiKey, pipelineId } satisfies ScaleServerReady);

  process.on('message', (message: TriggerRuns | CountRuns | { type: 'close' }) => {
    if (message.type === 'trigger') {
      void (async () => {
        const startedAt = performance.now();
        // A burst, as many callers' pipelines.run land at once: STARTS_AT_ONCE in flight until all are queued.
        let next = 0;
        const starter = async () => {
          while (next < start.shape.runs) {
            next += 1;
            await startPipelineRun(bench.platform.services, scope, { pipelineId, trigger: 'manual' });
          }
        };
        await Promise.all(Array.from({ length: STARTS_AT_ONCE }, starter));
        tell({ type: 'triggered', ms: performance.now() - startedAt } satisfies RunsTriggered);
      })().catch(tellError);
    } else if (message.type === 'count') {
      void bench.platform.services.db
        .withTenant(bench.tenantId, (tx) =>
          tx
            .select({ status: schema.pipelineRuns.status, runs: sql<number>`count(*)::int` })
            .from(schema.pipelineRuns)
            .where(sql`${schema.pipelineRuns.pipelineId} = ${pipelineId}`)
            .groupBy(schema.pipelineRuns.status),
        )
        .then((rows) => tell({ type: 'counted', byStatus: Object.fromEntries(rows.map((row) => [row.status, row.runs])) } satisfies RunCounts), tellError);
    } else if (message.type === 'close') {
      void closeAndExit([() => server.close(), () => platform.close(), () => bench.platform.close(), async () => rmSync(dataDir, { recursive: true, force: true })]).catch(tellError);
    }
  });
});
