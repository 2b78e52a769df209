import { ROLES, type Role } from '@facilflow/contracts';
import { createAlertEngine, createLineageRecorder, dispatchDue, recordDeadLetter, recordTenantEvent } from '@facilflow/core';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realMember, uniqueEmail } from './fixtures.ts';
import { ALLOWED_OUTCOME, ROLE_MATRIX } from './role-matrix.ts';
import { seedWorker } from './pipelines/worker-seeds.ts';
import { pipelineSeeds, uniquePipelineName, useTestCatalog, validSpec } from './pipelines/pipeline-fixtures.ts';
import { pendingApproval } from './approvals/approval-fixtures.ts';

let t: TestPlatform;
let tenantId: string;
let agentId: string;

const source = {
  id: 'plc1',
  kind: 'opcua',
  endpointUrl: 'opc.tcp://127.0.0.1:4840',
  tags: [{ nodeId: 'ns=1;s=Oven1.Temp', measurement: 'oven', field: 'ZoneTemperature1' }],
};

beforeAll(async () => {
  // Notification targets must be on the outbound allow-list; nothing listens on port 1, so a test send fails fast.
  t = await createTestPlatform({ FACILFLOW_PIPELINE_HTTP_HOSTS: '127.0.0.1:1' });
  ({ tenantId } = await t.createTenant('Matrix Plant'));
  agentId = await newAgent();
  useTestCatalog(t);
  pipelines = pipelineSeeds(t, tenantId);
});
let pipelines: ReturnType<typeof pipelineSeeds>;

async function newAgent(): Promise<string> {
  const out = (await t.call((await t.memberPrincipal(tenantId, 'owner')), 'agents.enroll', { name: `agent ${Math.random()}` })) as { agent: { id: string } };
  return out.agent.id;
}

const uniqueSource = () => ({ ...source, id: `plc_${Math.random().toString(36).slice(2, 10)}` });

async function newDataSource(): Promise<string> {
  const out = (await t.call(await t.memberPrincipal(tenantId, 'owner'), 'dataSources.create', { agentId, name: `src ${Math.random()}`, source: uniqueSource() })) as {
    dataSource: { id: string };
  };
  return out.dataSource.id;
}
afterAll(() => t?.close());

const ovenSchema = (measurement: string) => ({ measurement, fields: [{ name: 'ZoneTemperature1', type: 'number', unit: 'degC' }], requiredTags: ['machine'] });

async function newSchema(): Promise<string> {
  const measurement = `m_${Math.random().toString(36).slice(2, 10)}`;
  await t.call(await t.memberPrincipal(tenantId, 'owner'), 'schemas.create', ovenSchema(measurement));
  return measurement;
}

/** A dead letter as ingest records one: a batch of an unknown measurement. */
async function newDeadLetter(): Promise<string> {
  const seq = Math.floor(Math.random() * 1e9);
  const payload = Buffer.from(JSON.stringify({ v: 1, agentId, seq, sentAt: Date.now(), points: [{ m: 'unknown_m', tags: {}, f: { v: 1 }, t: Date.now() }] }));
  const { id } = await recordDeadLetter(t.platform.services, {
    tenantId, agentId, topic: `ff/v1/${tenantId}/agents/${agentId}/telemetry`, codec: 'json', code: 'invalid_points', reason: 'measurement "unknown_m" has no schema',
    seq, pointCount: 1, rejections: [{ at: 0, problems: [{ code: 'unknown_measurement', message: 'measurement "unknown_m" has no schema' }] }], payload, receivedAt: new Date(), key: `test:${seq}`,
  });
  return id;
}

/** A lineage node, recorded the way ingest's lineage observer records one. */
async function newLineageNode(): Promise<string> {
  const recorder = createLineageRecorder({ services: t.platform.services, flushIntervalMs: 0 });
  await recorder.observe({ tenantId, agentId, points: [{ m: 'oven', tags: {}, f: { ZoneTemperature1: 210 }, t: Date.now() }], receivedAt: new Date() });
  await recorder.close();
  return 'measurement:oven';
}

/** A valid input for each operation, so an allowed call succeeds rather than failing for another reason. */
const inputs: Record<string, () => Promise<unknown>> = {
  'tenants.create': async () => ({ name: 'Matrix Spin-off' }),
  'tenants.get': async () => ({}),
  'tenants.updateApprovalSettings': async () => ({ elicitationApproves: false }),
  'tenants.switch': async () => ({ tenantId }),
  'tenants.listMine': async () => ({}),
  'invites.accept': async () => ({}),
  'members.list': async () => ({}),
  'members.invite': async () => ({ email: uniqueEmail(), role: 'viewer' }),
  'members.updateRole': async () => {
    const target = await t.memberPrincipal(tenantId, 'viewer');
    return { uid: target.actor.type === 'user' ? target.actor.uid : '', role: 'engineer' };
  },
  'members.remove': async () => {
    const target = await t.memberPrincipal(tenantId, 'viewer');
    return { uid: target.actor.type === 'user' ? target.actor.uid : '' };
  },
  'apiKeys.create': async () => ({ name: 'matrix', role: 'viewer' }),
  'apiKeys.list': async () => ({}),
  'apiKeys.revoke': async () => {
    const key = await t.apiKey(tenantId, 'viewer');
    return { id: key.split('_')[1] };
  },
  'audit.list': async () => ({}),
  'agents.list': async () => ({}),
  'agents.get': async () => ({ agentId }),
  'agents.enroll': async () => ({ name: `matrix ${Math.random()}` }),
  'agents.redeemEnrollment': async () => {
    const out = (await t.call(await t.memberPrincipal(tenantId, 'owner'), 'agents.enroll', { name: `matrix ${Math.random()}` })) as { enrollmentToken: string };
    return { token: out.enrollmentToken };
  },
  'agents.updateConfig': async () => ({ agentId, settings: { heartbeatIntervalMs: 5000 } }),
  'agents.command': async () => ({ agentId, request: { command: 'flushBuffer', args: {} }, timeoutMs: 500 }),
  'agents.revoke': async () => ({ agentId: await newAgent() }),
  'dataSources.list': async () => ({ agentId }),
  'dataSources.get': async () => ({ id: await newDataSource() }),
  'dataSources.create': async () => ({ agentId, name: `matrix ${Math.random()}`, source: uniqueSource() }),
  'dataSources.update': async () => ({ id: await newDataSource(), source: { ...uniqueSource(), publishingIntervalMs: 500 } }),
  'dataSources.delete': async () => ({ id: await newDataSource() }),
  'telemetry.exploreCatalog': async () => ({}),
  'telemetry.query': async () => ({ sql: 'SELECT 42 AS answer' }),
  'telemetry.latest': async () => ({}),
  'telemetry.consumers': async () => ({}),
  'exports.telemetry': async () => ({ sql: 'SELECT 42 AS answer' }),
  'audit.export': async () => ({ from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }),
  'governance.getRetention': async () => ({}),
  'governance.setRetention': async () => ({ measurements: [{ measurement: 'oven', days: 400 }] }),
  'governance.listClassifications': async () => ({}),
  'governance.setClassifications': async () => ({ classifications: [{ measurement: 'oven', field: 'Recipe', label: 'internal' }] }),
  'governance.getAuditRetention': async () => ({}),
  'governance.setAuditRetention': async () => ({ days: 400 }),
  'schemas.list': async () => ({}),
  'schemas.get': async () => ({ measurement: await newSchema() }),
  'schemas.create': async () => ovenSchema(`m_${Math.random().toString(36).slice(2, 10)}`),
  'schemas.update': async () => {
    const measurement = await newSchema();
    return { ...ovenSchema(measurement), fields: [...ovenSchema(measurement).fields, { name: 'running', type: 'boolean' }] };
  },
  'schemas.delete': async () => ({ measurement: await newSchema() }),
  'deadLetters.list': async () => ({}),
  'deadLetters.get': async () => ({ id: await newDeadLetter() }),
  'deadLetters.replay': async () => ({ id: await newDeadLetter() }),
  'deadLetters.purge': async () => ({ agentId }),
  'quality.scores': async () => ({}),
  'quality.issues': async () => ({}),
  'lineage.graph': async () => ({ nodeId: await newLineageNode() }),
  'pipelines.list': async () => ({}),
  'pipelines.get': async () => ({ id: await pipelines.draft() }),
  'pipelines.create': async () => ({ spec: validSpec(uniquePipelineName()) }),
  'pipelines.update': async () => ({ id: await pipelines.draft(), spec: validSpec(uniquePipelineName()) }),
  'pipelines.validate': async () => ({ spec: validSpec() }),
  'pipelines.publish': async () => ({ id: await pipelines.draft() }),
  'pipelines.versions': async () => ({ id: await pipelines.published() }),
  'pipelines.diff': async () => ({ id: await pipelines.twoVersions(), from: 1, to: 2 }),
  'pipelines.rollback': async () => ({ id: await pipelines.twoVersions(), version: 1 }),
  'pipelines.delete': async () => ({ id: await pipelines.published() }),
  'pipelines.start': async () => ({ id: await pipelines.published() }),
  'pipelines.stop': async () => ({ id: await pipelines.published() }),
  'runs.list': async () => ({}),
  'runs.get': async () => ({ id: await pipelines.run() }),
  'runs.steps': async () => ({ runId: await pipelines.run() }),
  'pipelines.run': async () => ({ id: await pipelines.published() }),
  'runs.cancel': async () => ({ id: await pipelines.run() }),
  'runs.pause': async () => ({ id: await pipelines.run() }),
  'runs.resume': async () => ({ id: await pipelines.run() }),
  'runs.step': async () => ({ id: await pipelines.run() }),
  'runs.replay': async () => ({ runId: await pipelines.recordedRun(await pipelines.published()), fromStage: 'double' }),
  'runs.diff': async () => ({ a: await pipelines.run(), b: await pipelines.run() }),
  'components.list': async () => ({}),
  'components.get': async () => ({ name: 'source.counter-rows' }),
  'clusters.list': async () => ({}),
  'clusters.get': async () => (await seedWorker(t.platform.services), { name: 'default' }),
  'workers.list': async () => ({}),
  'workers.get': async () => ({ id: await seedWorker(t.platform.services) }),
  'workers.drain': async () => ({ id: await seedWorker(t.platform.services) }),
  'pipelines.backfill': async () => ({ id: await pipelines.published(), from: '2026-01-01T00:00:00Z', to: '2026-01-01T02:00:00Z', sliceMs: 3_600_000 }),
  'templates.list': async () => ({}),
  'templates.instantiate': async () => ({ template: 'window-average-threshold', name: uniquePipelineName() }),
  'schedules.list': async () => ({}),
  'schedules.get': async () => ({ id: await pipelines.scheduled() }),
  'schedules.pause': async () => ({ id: await pipelines.scheduled() }),
  'schedules.resume': async () => ({ id: await pipelines.scheduled() }),
  'approvals.list': async () => ({}),
  'approvals.get': async () => ({ id: await pendingApproval(t, tenantId, 'runs.cancel', { id: await pipelines.run() }) }),
  // Every approver's role may cancel a run itself, so an allowed approval gets past the rights.
  'approvals.approve': async () => ({ id: await pendingApproval(t, tenantId, 'runs.cancel', { id: await pipelines.run() }) }),
  'approvals.reject': async () => ({ id: await pendingApproval(t, tenantId, 'runs.cancel', { id: await pipelines.run() }) }),
  'conversations.create': async () => ({}),
  'conversations.list': async () => ({}),
  'conversations.get': async () => ({ id: await newConversation() }),
  'conversations.rename': async () => ({ id: await newConversation(), title: 'renamed' }),
  'conversations.delete': async () => ({ id: await newConversation() }),
  'usage.get': async () => ({}),
  'usage.list': async () => ({}),
  'budgets.get': async () => ({}),
  'budgets.set': async () => ({ monthlyTokenLimit: 1_000_000, monthlyCostLimitUsd: 50 }),
  'policies.list': async () => ({}),
  'policies.get': async () => ({ id: await newPolicy() }),
  'policies.create': async () => matrixPolicy(),
  'policies.update': async () => ({ id: await newPolicy(), policy: matrixPolicy() }),
  'policies.delete': async () => ({ id: await newPolicy() }),
  'violations.list': async () => ({}),
  'alertRules.list': async () => ({}),
  'alertRules.get': async () => ({ id: await newAlertRule() }),
  'alertRules.create': async () => ({ spec: alertRuleSpec() }),
  'alertRules.update': async () => ({ id: await newAlertRule(), spec: { ...alertRuleSpec(), severity: 'critical' } }),
  'alertRules.delete': async () => ({ id: await newAlertRule() }),
  'alerts.list': async () => ({}),
  'alerts.get': async () => ({ id: await newAlert() }),
  'alerts.acknowledge': async () => ({ id: await newAlert(), comment: 'on it' }),
  'alerts.shelve': async () => ({ id: await newAlert(), durationSeconds: 600, reason: 'maintenance' }),
  'alerts.resolve': async () => ({ id: await newAlert() }),
  'alerts.metrics': async () => ({}),
  'pipelines.receiveWebhook': async () => ({ credential: `${tenantId}:${await pipelines.published()}:ffwh_${'x'.repeat(43)}`, payload: {} }),
  'channels.list': async () => ({}),
  'channels.create': async () => ({ name: `matrix ${Math.random()}`, settings: { kind: 'webhook', url: HOOK } }),
  'channels.update': async () => ({ id: await newChannel(), name: 'renamed' }),
  'channels.delete': async () => ({ id: await newChannel() }),
  'channels.test': async () => ({ id: await newChannel() }),
  'notificationPolicies.get': async () => ({}),
  'notificationPolicies.set': async () => ({ policy: { routes: [], defaultChannels: [] } }),
  'silences.list': async () => ({}),
  'silences.create': async () => ({ matcher: { labels: { line: 'L2' } }, endsAt: inAnHour(), comment: 'matrix' }),
  'silences.expire': async () => ({ id: await newSilence() }),
  'maintenanceWindows.list': async () => ({}),
  'maintenanceWindows.create': async () => ({ name: 'matrix', schedule: { kind: 'weekly', days: ['sat'], startTime: '22:00', durationMinutes: 360, timeZone: 'Europe/Berlin' } }),
  'maintenanceWindows.delete': async () => ({ id: await newWindow() }),
  'deliveries.list': async () => ({}),
  'deliveries.redeliver': async () => ({ id: await newFailedDelivery() }),
  'webhooks.list': async () => ({}),
  'webhooks.create': async () => ({ name: 'matrix', url: HOOK, events: ['run.failed', 'agent.offline'] }),
  'webhooks.delete': async () => ({ id: await newWebhook() }),
};

const alertRuleSpec = () => ({
  name: `rule ${Math.random().toString(36).slice(2, 10)}`,
  measurement: 'oven',
  field: 'ZoneTemperature1',
  condition: { kind: 'threshold', direction: 'above', threshold: 230, clear: 225 },
});

async function newAlertRule(): Promise<string> {
  const out = (await t.call(await t.memberPrincipal(tenantId, 'owner'), 'alertRules.create', { spec: alertRuleSpec() })) as { rule: { id: string } };
  return out.rule.id;
}

/** A firing alert, raised the way ingest's alert engine raises one: a point beyond a rule's threshold. */
async function newAlert(): Promise<string> {
  const ruleId = await newAlertRule();
  const engine = createAlertEngine({ services: t.platform.services, sweepIntervalMs: 0 });
  await engine.observe({ tenantId, agentId, points: [{ m: 'oven', tags: { machine: 'Oven1' }, f: { ZoneTemperature1: 240 }, t: Date.now() }], receivedAt: new Date() });
  await engine.close();
  const out = (await t.call(await t.memberPrincipal(tenantId, 'owner'), 'alerts.list', { ruleId })) as { alerts: Array<{ id: string }> };
  return out.alerts[0]!.id;
}

/** An ALLOW policy on a read no policy governs: it changes no other case of the matrix. */
const matrixPolicy = () => ({ name: `matrix ${Math.random().toString(36).slice(2, 10)}`, effect: 'ALLOW', match: { operations: ['lineage.graph'] } });

async function newPolicy(): Promise<string> {
  const out = (await t.call(await t.memberPrincipal(tenantId, 'owner'), 'policies.create', matrixPolicy())) as { policy: { id: string } };
  return out.policy.id;
}

const HOOK = 'http://127.0.0.1:1/hook';
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

async function asOwner<T>(name: string, input: unknown): Promise<T> {
  return (await t.call(await t.memberPrincipal(tenantId, 'owner'), name, input)) as T;
}
const newChannel = async () => (await asOwner<{ channel: { id: string } }>('channels.create', { name: `matrix ${Math.random()}`, settings: { kind: 'webhook', url: HOOK } })).channel.id;
const newSilence = async () => (await asOwner<{ silence: { id: string } }>('silences.create', { matcher: {}, endsAt: inAnHour(), comment: 'matrix' })).silence.id;
const newWindow = async () => (await asOwner<{ maintenanceWindow: { id: string } }>('maintenanceWindows.create', { name: 'matrix', schedule: { kind: 'once', startsAt: new Date().toISOString(), endsAt: inAnHour() } })).maintenanceWindow.id;
const newWebhook = async () => (await asOwner<{ webhook: { id: string } }>('webhooks.create', { name: 'matrix', url: HOOK, events: ['run.failed'] })).webhook.id;

/** A delivery that was tried and given up (nothing listens on the hook's port), so it may be sent again. */
async function newFailedDelivery(): Promise<string> {
  const webhookId = await newWebhook();
  await recordTenantEvent(t.platform.services, tenantId, 'run.failed', 'matrix run failed', { runId: 'run_matrix' });
  await dispatchDue(t.platform.services, { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
  const { deliveries } = await asOwner<{ deliveries: Array<{ id: string; status: string }> }>('deliveries.list', { targetId: webhookId, status: 'failed' });
  return deliveries[0]!.id;
}

async function newConversation(): Promise<string> {
  const out = (await t.call(await t.memberPrincipal(tenantId, 'owner'), 'conversations.create', {})) as { conversation: { id: string } };
  return out.conversation.id;
}

describe('role matrix', () => {
  it('covers every registered operation, and only those', () => {
    const names = t.runtime.registry.list().map((op) => op.name).sort();
    expect(Object.keys(ROLE_MATRIX).sort()).toEqual(names);
    expect(Object.keys(inputs).sort()).toEqual(names);
  });

  const cases = Object.keys(ROLE_MATRIX).flatMap((operation) => ROLES.map((role) => [operation, role] as const));

  it.each(cases)('%s as %s', async (operation, role: Role) => {
    const principal = await realMember(t, tenantId, role);
    const input = await inputs[operation]!();
    const allowed = ROLE_MATRIX[operation]!.includes(role);
    const outcome = await t.call(principal, operation, input).then(
      () => 'ok',
      (e: { code: string }) => e.code,
    );
    const destructive = t.runtime.registry.get(operation)!.effect === 'destructive';
    expect(outcome).toBe(allowed ? (ALLOWED_OUTCOME[operation] ?? (destructive ? 'NEEDS_CONFIRMATION' : 'ok')) : 'FORBIDDEN');
  });
});
