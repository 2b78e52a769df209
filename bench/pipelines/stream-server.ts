// The FacilFlow side of the stream part, in a process of its own: the platform on its embedded
// defaults with ingest attached and the stream pipelines as the one consumer of the
// written-telemetry stream, the bench's pipeline published and started through the registry.
import { createStreamPipelines, pipelineEventsChannel, STREAM_PIPELINES_CONSUMER } from '@facilflow/core';
import { attachIngest } from '@facilflow/ingest';
import { createBenchPlatform, enrollAgent, registerSchema } from '../lib/bench-platform.ts';
import { childMain, closeAndExit, fromParent, tell, tellError } from '../lib/child.ts';
import { cpuSchema } from '../ingest/cpu-schema.ts';
import { AVERAGE_COLUMN, streamJobSpec, type Observation } from './stream-job.ts';
import type { CloseStreamServer, Drained, DrainRequest, StartStreamServer, StreamServerReady } from './stream-messages.ts';

interface PipelineEventsMessage {
  pipelineId: string;
  events: Array<Record<string, unknown>>;
}

childMain(async () => {
  const start = await fromParent<StartStreamServer>('start');
  const bench = await createBenchPlatform(start.dataDir, { startBroker: true });
  const { services } = bench.platform;
  const failures: string[] = [];
  // Only the pipelines consumer: the quality and lineage observers have their own benches and would dominate the CPU here.
  const pipelines = createStreamPipelines({ services, log: (message, error) => failures.push(`${message}${error === undefined ? '' : `: ${String(error)}`}`) });
  const attached = await attachIngest(bench.platform, { consumers: [pipelines] });
  await registerSchema(bench, cpuSchema);
  const identities = [];
  for (let i = 0; i < start.agents; i++) identities.push(await enrollAgent(bench, `bench-agent-${i}`));

  const invoke = (name: string, input: unknown) => bench.runtime.invoke(bench.admin, 'system', name, input);
  const created = (await invoke('pipelines.create', { spec: streamJobSpec })) as { pipeline: { id: string }; problems: unknown[] };
  if (created.problems.length > 0) throw new Error(`the bench pipeline does not validate: ${JSON.stringify(created.problems)}`);
  const pipelineId = created.pipeline.id;
  await invoke('pipelines.publish', { id: pipelineId, note: 'bench' });
  await invoke('pipelines.start', { id: pipelineId });

  let observations: Observation[] = [];
  await services.bus.subscribe(pipelineEventsChannel(bench.tenantId), (message) => {
    const at = Date.now();
    const { events } = message as PipelineEventsMessage;
    for (const event of events) observations.push({ hostname: String(event.hostname), time: Number(event.time), avg: Number(event[AVERAGE_COLUMN]), at });
  });
  tell({ type: 'ready', identities, pipelineId } satisfies StreamServerReady);

  const fail = tellError;
  process.on('message', (message: DrainRequest | CloseStreamServer) => {
    if (message.type === 'drain') {
      void (async () => {
        if (failures.length > 0) throw new Error(`the stream pipeline reported failures:\n${failures.slice(0, 5).join('\n')}`);
        const lag = (await services.writtenTelemetry.lag()).find((consumer) => consumer.consumer === STREAM_PIPELINES_CONSUMER);
        const drained = observations;
        observations = [];
        tell({ type: 'drained', observations: drained, lagBatches: lag?.lagBatches ?? 0 } satisfies Drained);
      })().catch(fail);
    } else if (message.type === 'close') {
      void closeAndExit([() => attached.close(), () => bench.platform.close()]).catch(fail);
    }
  });
});
