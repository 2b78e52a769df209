import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePipelineName, useTestCatalog, validSpec } from './pipeline-fixtures.ts';

let t: TestPlatform;
let tenantId: string;

beforeAll(async () => {
  t = await createTestPlatform();
  useTestCatalog(t);
  tenantId = (await t.createTenant('Registry Schedules')).tenantId;
});
afterAll(() => t?.close());

interface Schedule {
  id: string;
  pipelineId: string;
  timezone: string;
  paused: boolean;
  pausedBy: string | null;
  nextFireTimes: string[];
}
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);

describe('schedules through the registry', () => {
  it('an engineer starts a cron pipeline; a viewer sees its schedule; an operator pauses and resumes it; stopping the pipeline removes it', async () => {
    const engineer = await t.memberPrincipal(tenantId, 'engineer');
    const viewer = await t.memberPrincipal(tenantId, 'viewer');
    const operator = await t.memberPrincipal(tenantId, 'operator');
    const spec = { ...validSpec(uniquePipelineName()), triggers: [{ type: 'cron', expression: '0 6 * * 1-5', timezone: 'Europe/Berlin', misfire: { policy: 'skip', maxCatchUp: 1 } }] };
    const { pipeline } = (await t.call(engineer, 'pipelines.create', { spec })) as { pipeline: { id: string } };
    await t.call(engineer, 'pipelines.publish', { id: pipeline.id });
    expect((await t.call(viewer, 'schedules.list')) as { items: Schedule[] }).toEqual({ items: [] });
    await t.call(engineer, 'pipelines.start', { id: pipeline.id });

    const { items } = (await t.call(viewer, 'schedules.list')) as { items: Schedule[] };
    expect(items).toHaveLength(1);
    const [schedule] = items as [Schedule];
    expect(schedule).toMatchObject({ id: `${tenantId}.${pipeline.id}.0`, pipelineId: pipeline.id, timezone: 'Europe/Berlin', paused: false });
    // Weekdays at 06:00 Berlin time (05:00Z in winter, 04:00Z in summer), never on a weekend.
    const berlin = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    expect(schedule.nextFireTimes).toHaveLength(5);
    for (const at of schedule.nextFireTimes) expect(berlin.format(new Date(at))).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 06:00$/);
    // MCP sees what the web app sees.
    expect(await t.call(viewer, 'schedules.get', { id: schedule.id }, 'mcp')).toEqual({ schedule });

    expect(await code(t.call(viewer, 'schedules.pause', { id: schedule.id }))).toBe('FORBIDDEN');
    const paused = (await t.call(operator, 'schedules.pause', { id: schedule.id })) as { schedule: Schedule; changed: boolean };
    expect(paused).toMatchObject({ changed: true, schedule: { paused: true, nextFireTimes: [] } });
    expect(paused.schedule.pausedBy).toBe(operator.actor.type === 'user' ? `user:${operator.actor.uid}` : '');
    expect(((await t.call(viewer, 'schedules.get', { id: schedule.id })) as { schedule: Schedule }).schedule.paused).toBe(true);
    const resumed = (await t.call(operator, 'schedules.resume', { id: schedule.id }, 'mcp')) as { schedule: Schedule; changed: boolean };
    expect(resumed).toMatchObject({ changed: true, schedule: { paused: false, nextFireTimes: schedule.nextFireTimes } });

    // Both recorded in the audit log, whoever called and through which front.
    const owner = await t.memberPrincipal(tenantId, 'owner');
    const audit = (await t.call(owner, 'audit.list', { limit: 50 })) as { items: Array<{ operation: string; outcome: string }> };
    expect(audit.items.filter((record) => record.operation.startsWith('schedules.') && record.outcome === 'ok').map((record) => record.operation).sort()).toEqual(['schedules.pause', 'schedules.resume']);

    const plan = await t.call(engineer, 'pipelines.stop', { id: pipeline.id }).catch((e: { details: { confirmationToken: string } }) => e.details);
    await t.call(engineer, 'pipelines.stop', { id: pipeline.id, confirmationToken: (plan as { confirmationToken: string }).confirmationToken });
    expect(await t.call(viewer, 'schedules.list')).toEqual({ items: [] });
    expect(await code(t.call(operator, 'schedules.resume', { id: schedule.id }))).toBe('NOT_FOUND');
  });

  it('refuses an id that is not a schedule id, saying what one looks like', async () => {
    const viewer = await t.memberPrincipal(tenantId, 'viewer');
    await expect(t.call(viewer, 'schedules.get', { id: 'not a schedule' })).rejects.toMatchObject({ code: 'INVALID' });
  });
});
