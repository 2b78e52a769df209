import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { TenantScope } from '@facilflow/contracts';
import {
  getSchedule, instantiateTemplate, listRuns, processPipelineRuns, publishPipeline, startPipeline, startPipelineSchedules,
  type PipelineRunWorker, type RunningPipelineSchedules, type Services,
} from '@facilflow/core';
import { CRON_TICK_QUEUE } from '@facilflow/pipelines';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ownerScope } from './schedule-fixtures.ts';

let t: TestPlatform;
let services: Services;
let clock = Date.UTC(2026, 11, 2, 12);
let worker: PipelineRunWorker | undefined;
let schedules: RunningPipelineSchedules | undefined;

beforeAll(async () => {
  t = await createTestPlatform();
  // The component library's own catalog, as production runs it; only the clock is the test's.
  services = { ...t.platform.services, now: () => new Date(clock) };
});
afterAll(async () => {
  await schedules?.close();
  await worker?.close();
  await t?.close();
});

const hour = (day: number, h: number, m = 0) => Date.UTC(2026, 11, day, h, m);

/** Cumulative energy meters of two lines, with readings of the Berlin days before and after that the export must leave out. */
async function writeMeterReadings(scope: TenantScope): Promise<void> {
  const reading = (line: string, t: number, kWh: number) => ({ m: 'energymeter', tags: { line }, f: { ActiveEnergy: kWh }, t });
  await services.timeseries.write(scope.tenantId, [
    // Berlin's 2 December is 23:00Z on the 1st to 23:00Z on the 2nd.
    reading('Line1', hour(1, 22), 990),
    reading('Line1', hour(1, 23), 1000),
    reading('Line1', hour(2, 12), 1040),
    reading('Line1', hour(2, 22, 59), 1080),
    reading('Line1', hour(2, 23, 30), 1095),
    reading('Line2', hour(2, 6), 500),
    reading('Line2', hour(2, 18), 530),
  ]);
}

async function readParquet(bytes: Uint8Array): Promise<unknown[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ff-energy-'));
  try {
    const file = join(dir, 'energy.parquet');
    await writeFile(file, bytes);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(`SELECT Line AS line, energy, epoch_ms("time") AS first_reading FROM read_parquet('${file}') ORDER BY line`);
    const rows = reader.getRowObjectsJson();
    connection.closeSync();
    instance.closeSync();
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('a cron pipeline exports yesterday\'s energy per line as Parquet', () => {
  it('the daily-energy-parquet template in Europe/Berlin, fired at local midnight through the scheduler, writes the day\'s energy per line to the tenant\'s object storage', async () => {
    const scope = await ownerScope(t, 'Energy export');
    const { pipeline } = await instantiateTemplate(services, scope, { template: 'daily-energy-parquet', name: 'Daily energy', params: { timezone: 'Europe/Berlin' } });
    await publishPipeline(services, scope, { id: pipeline.id });
    await startPipeline(services, scope, { id: pipeline.id });
    await writeMeterReadings(scope);
    worker = await processPipelineRuns(services);

    clock = hour(2, 22, 59);
    schedules = await startPipelineSchedules(services);
    const scheduleId = `${scope.tenantId}.${pipeline.id}.0`;
    expect((await getSchedule(services, scope, { id: scheduleId })).schedule.nextFireTimes[0]).toBe('2026-12-02T23:00:00.000Z');
    // Nothing was missed: the pipeline started at noon.
    expect((await listRuns(services, scope, { pipelineId: pipeline.id, limit: 10 })).items).toEqual([]);

    // Midnight in Berlin: the queue's job scheduler adds the tick job, as it does at the cron's time, a moment late.
    clock = hour(2, 23) + 5_000;
    const tick = (await services.queue.listSchedules(CRON_TICK_QUEUE)).find((schedule) => schedule.id === scheduleId);
    if (!tick) throw new Error('the schedule is not on the queue');
    await services.queue.add(CRON_TICK_QUEUE, tick.name, tick.data, { jobId: `repeat.${scheduleId}.${hour(2, 23)}` });

    const run = await vi.waitFor(
      async () => {
        const [latest] = (await listRuns(services, scope, { pipelineId: pipeline.id, limit: 10 })).items;
        if (!latest || !['succeeded', 'failed', 'cancelled', 'timed_out'].includes(latest.status)) throw new Error(`the run is ${latest?.status ?? 'not queued'}`);
        return latest;
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(run).toMatchObject({ trigger: 'cron', status: 'succeeded', rangeFrom: '2026-12-01T23:00:00.000Z', rangeTo: '2026-12-02T23:00:00.000Z' });

    const stored = await services.objects.get(scope.tenantId, 'exports/energy/2026-12-02.parquet');
    expect(stored?.object.contentType).toBe('application/vnd.apache.parquet');
    expect(await readParquet(stored?.bytes ?? new Uint8Array())).toEqual([
      { line: 'Line1', energy: 80, first_reading: String(hour(1, 23)) },
      { line: 'Line2', energy: 30, first_reading: String(hour(2, 6)) },
    ]);
    // Another tenant's storage has no such file.
    const other = await ownerScope(t, 'Energy elsewhere');
    expect(await services.objects.get(other.tenantId, 'exports/energy/2026-12-02.parquet')).toBeNull();
  });
});
