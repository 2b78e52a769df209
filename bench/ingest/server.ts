// The FacilFlow side of the ingest bench, in a process of its own so that its RSS and CPU are its own.
import { attachIngest } from '@facilflow/ingest';
import { createBenchPlatform, enrollAgent, registerSchema } from '../lib/bench-platform.ts';
import { childMain, closeAndExit, fromParent, tell } from '../lib/child.ts';
import { cpuSchema } from './cpu-schema.ts';
import type { CloseRequest, CountAnswer, CountRequest, LagAnswer, LagRequest, ServerReady, StartServer } from './messages.ts';

childMain(async () => {
  const start = await fromParent<StartServer>('start');
  const bench = await createBenchPlatform(start.dataDir, { startBroker: true });
  // The standard stream consumers (data quality, lineage) run as in production unless FF_BENCH_OBSERVERS=none, which is for finding where the time goes.
  const attached = await attachIngest(bench.platform, {
    ...(process.env.FF_BENCH_OBSERVERS === 'none' ? { consumers: [] } : {}),
    ...(start.decodeThreads === undefined ? {} : { decodeThreads: start.decodeThreads }),
  });
  await registerSchema(bench, cpuSchema);
  const identities = [];
  for (let i = 0; i < start.agents; i++) identities.push(await enrollAgent(bench, `bench-agent-${i}`));
  tell({ type: 'ready', tenantId: bench.tenantId, identities } satisfies ServerReady);

  const fail = (error: unknown) => tell({ type: 'error', error: String(error) });
  process.on('message', (message: CountRequest | LagRequest | CloseRequest) => {
    if (message.type === 'lag') {
      bench.platform.services.writtenTelemetry.lag().then((consumers) => tell({ type: 'lagged', consumers } satisfies LagAnswer), fail);
    } else if (message.type === 'count') {
      void (async () => {
        const result = await bench.platform.services.timeseries.query(bench.tenantId, 'SELECT count(*) FROM cpu', { maxRows: 1, timeoutMs: 120_000 });
        const stats = attached.ingest.stats();
        const consumers = await bench.platform.services.writtenTelemetry.lag();
        tell({ type: 'counted', rows: Number(result.rows[0]?.[0] ?? 0), messages: stats.messages, consumers } satisfies CountAnswer);
      })().catch(fail);
    } else if (message.type === 'close') {
      void closeAndExit([() => attached.close(), () => bench.platform.close()]).catch(fail);
    }
  });
});
