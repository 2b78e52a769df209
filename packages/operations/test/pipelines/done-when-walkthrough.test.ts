import type { Principal, TelemetryPoint, TenantScope } from '@facilflow/contracts';
import { createStreamPipelines, ensureMeasurementSchema, processPipelineRuns, type PipelineRunWorker } from '@facilflow/core';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestPlatform;
let plant: TestTenant;
let other: TestTenant;
let engineer: Principal;
let worker: PipelineRunWorker;
const START = Date.UTC(2026, 11, 1, 8, 0);

/** The demo plant's ovens: ZoneTemperature1 every ten seconds for five minutes, Oven2 running 30 °C hotter than Oven1. */
function ovenBatches(tenantId: string) {
  const batches = [];
  for (let second = 0; second < 300; second += 10) {
    const points: TelemetryPoint[] = ['Oven1', 'Oven2'].map((machine, index) => ({ m: 'oven', tags: { line: 'Line1', machine }, f: { ZoneTemperature1: 200 + index * 30 + (second % 60) / 10 }, t: START + second * 1000 }));
    batches.push({ tenantId, agentId: null, points, receivedAt: new Date(START + second * 1000) });
  }
  return batches;
}

/** What ingest does with a batch: store it, then hand it to the written-telemetry consumers (here the stream pipelines alone). */
async function ingest(batches: ReturnType<typeof ovenBatches>) {
  const streams = createStreamPipelines({ services: t.platform.services, log: () => undefined });
  for (const batch of batches) {
    await t.platform.services.timeseries.write(batch.tenantId, batch.points);
    await streams.observe(batch);
  }
  await streams.checkpoint?.();
  await streams.close?.();
}

interface Run {
  id: string;
  status: string;
  trigger: string;
  version: number;
}
interface Step {
  stageId: string;
  status: string;
  rowsIn: number;
  rowsOut: number;
}

/** Polls runs.get until the run is in one of these states (no time is asserted). */
async function runReaches(runId: string, statuses: string[]): Promise<Run> {
  for (;;) {
    const { run } = (await t.call(engineer, 'runs.get', { id: runId })) as { run: Run };
    if (statuses.includes(run.status)) return run;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

const stepsOf = async (runId: string) => ((await t.call(engineer, 'runs.steps', { runId })) as { items: Step[] }).items;
const statusByStage = (steps: Step[]) => Object.fromEntries(steps.map((step) => [step.stageId, step.status]));

interface Graph {
  nodes: Array<{ id: string; kind: string; direction: string; attributes: Record<string, unknown> }>;
  edges: Array<{ from: string; to: string; kind: string; firstSeenAt: string }>;
}

beforeAll(async () => {
  t = await createTestPlatform();
  plant = await t.createTenant('Walkthrough Plant');
  other = await t.createTenant('Walkthrough Other');
  engineer = await t.memberPrincipal(plant.tenantId, 'admin');
  const scope: TenantScope = { tenantId: plant.tenantId, actor: engineer.actor, role: 'admin' };
  await ensureMeasurementSchema(t.platform.services, scope, { measurement: 'oven', fields: [{ name: 'ZoneTemperature1', type: 'number' }], requiredTags: [] });
  worker = await processPipelineRuns(t.runtime.services, { concurrency: 2, recheckMs: 10 });
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

describe('done when: the oven walkthrough through the registry', () => {
  let pipelineId: string;

  it('instantiates window-average-threshold, publishes and starts it; its stream trigger writes oven_1m from the oven data', async () => {
    const made = (await t.call(engineer, 'templates.instantiate', { template: 'window-average-threshold', name: 'Oven 1-minute average' })) as { pipeline: { id: string }; problems: unknown[] };
    expect(made.problems).toEqual([]);
    pipelineId = made.pipeline.id;
    expect(await t.call(engineer, 'pipelines.publish', { id: pipelineId })).toMatchObject({ version: { version: 1 } });
    expect(await t.call(engineer, 'pipelines.start', { id: pipelineId })).toMatchObject({ pipeline: { status: 'active' } });

    await ingest(ovenBatches(plant.tenantId));

    const averages = (await t.call(engineer, 'telemetry.query', { sql: 'SELECT epoch_ms(time) AS minute, machine, avg_temperature FROM oven_1m ORDER BY minute, machine' })) as { rows: unknown[][] };
    // Minutes 08:00-08:03 are closed by the next minute's points; 08:04 is still open.
    expect(averages.rows).toHaveLength(8);
    expect(averages.rows[0]).toEqual([START, 'Oven1', 202.5]);
    expect(averages.rows[1]).toEqual([START, 'Oven2', 232.5]);
  });

  it('follows lineage from oven ZoneTemperature1 through the pipeline (and its version) to oven_1m', async () => {
    const downstream = (await t.call(engineer, 'lineage.graph', { nodeId: 'field:oven.ZoneTemperature1', direction: 'downstream', depth: 2 })) as Graph;
    const pipelineNode = `pipeline:${pipelineId}`;
    expect(downstream.edges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: 'field:oven.ZoneTemperature1', to: pipelineNode, kind: 'reads' }),
        expect.objectContaining({ from: pipelineNode, to: 'measurement:oven_1m', kind: 'writes' }),
        expect.objectContaining({ from: pipelineNode, to: 'field:oven_1m.avg_temperature', kind: 'writes' }),
      ]),
    );
    expect(downstream.nodes.find((node) => node.id === pipelineNode)?.attributes).toEqual({ pipelineId, version: 1 });

    // And back: oven_1m comes from the pipeline, which reads oven.
    const upstream = (await t.call(engineer, 'lineage.graph', { nodeId: 'measurement:oven_1m', direction: 'upstream', depth: 2 })) as Graph;
    expect(upstream.nodes.map((node) => node.id)).toEqual(expect.arrayContaining([pipelineNode, 'measurement:oven', 'field:oven.ZoneTemperature1']));
  });

  it('records the same edges again, not new ones, when the pipeline runs on', async () => {
    const edgesOf = async () => ((await t.call(engineer, 'lineage.graph', { nodeId: `pipeline:${pipelineId}`, direction: 'both', depth: 1 })) as Graph).edges;
    const before = await edgesOf();
    const later = ovenBatches(plant.tenantId).map((batch) => ({
      ...batch,
      points: batch.points.map((point) => ({ ...point, t: point.t + 600_000 })),
      receivedAt: new Date(batch.receivedAt.getTime() + 600_000),
    }));
    await ingest(later);
    const after = await edgesOf();
    expect(after.map(({ from, to, kind, firstSeenAt }) => ({ from, to, kind, firstSeenAt })).sort((x, y) => `${x.from}${x.to}`.localeCompare(`${y.from}${y.to}`))).toEqual(
      before.map(({ from, to, kind, firstSeenAt }) => ({ from, to, kind, firstSeenAt })).sort((x, y) => `${x.from}${x.to}`.localeCompare(`${y.from}${y.to}`)),
    );
  });

  it('runs it over the past as a batch: runs and steps seen, paused at a breakpoint, stepped, resumed, then replayed from its second stage', async () => {
    // A breakpoint before the write stage, in a second version: the run stops there for a person to look.
    const { pipeline } = (await t.call(engineer, 'pipelines.get', { id: pipelineId })) as { pipeline: { draft: { stages: Array<Record<string, unknown>> } } };
    const stages = pipeline.draft.stages.map((stage) => (stage.id === 'write' ? { ...stage, breakpoint: true } : stage));
    await t.call(engineer, 'pipelines.update', { id: pipelineId, spec: { ...pipeline.draft, stages } });
    expect(await t.call(engineer, 'pipelines.publish', { id: pipelineId })).toMatchObject({ version: { version: 2 } });

    const range = { from: new Date(START).toISOString(), to: new Date(START + 240_000).toISOString() };
    const { run } = (await t.call(engineer, 'pipelines.run', { id: pipelineId, range })) as { run: Run };
    expect(run).toMatchObject({ trigger: 'manual', version: 2 });
    await runReaches(run.id, ['paused']);
    // Paused before the write: nothing after it in the plan's order has started either.
    expect(statusByStage(await stepsOf(run.id))).toEqual({ read: 'succeeded', average: 'succeeded' });

    // One step: the write stage runs, and the run waits again before the next.
    await t.call(engineer, 'runs.step', { id: run.id });
    await until(async () => statusByStage(await stepsOf(run.id)).write === 'succeeded');
    expect((await runReaches(run.id, ['paused'])).status).toBe('paused');
    expect(statusByStage(await stepsOf(run.id))).toEqual({ read: 'succeeded', average: 'succeeded', write: 'succeeded' });
    await t.call(engineer, 'runs.resume', { id: run.id });
    expect((await runReaches(run.id, ['succeeded', 'failed', 'cancelled', 'timed_out'])).status).toBe('succeeded');

    const steps = await stepsOf(run.id);
    // Four whole minutes of two ovens: 48 points read, 8 one-minute averages, Oven2 (≈232 °C) above 230 in each minute.
    expect(steps.find((step) => step.stageId === 'read')).toMatchObject({ rowsOut: 48 });
    expect(steps.find((step) => step.stageId === 'average')).toMatchObject({ rowsIn: 48, rowsOut: 8 });
    expect(steps.find((step) => step.stageId === 'above')).toMatchObject({ rowsOut: 4 });

    // Replayed from its second stage on version 1 (no breakpoint), with the first stage's rows as it kept them.
    const replay = ((await t.call(engineer, 'runs.replay', { runId: run.id, fromStage: 'average', version: 1 })) as { run: Run }).run;
    expect(replay).toMatchObject({ trigger: 'replay', version: 1 });
    expect((await runReaches(replay.id, ['succeeded', 'failed', 'cancelled', 'timed_out'])).status).toBe('succeeded');
    const diff = (await t.call(engineer, 'runs.diff', { a: run.id, b: replay.id })) as { changedStages: string[] };
    expect(diff.changedStages).not.toContain('average');
  });

  it('another tenant finds none of it', async () => {
    const outsider = await t.memberPrincipal(other.tenantId, 'admin');
    await expect(t.call(outsider, 'lineage.graph', { nodeId: `pipeline:${pipelineId}` })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.call(outsider, 'lineage.graph', { nodeId: 'measurement:oven_1m' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
