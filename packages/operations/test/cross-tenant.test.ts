import { getApprovalSettings, recordDeadLetter, recordJarvisUsage, requestGateApproval } from '@facilflow/core';
import { type Principal } from '@facilflow/contracts';
import { createAlertEngine, createLineageRecorder, createQualityMonitor } from '@facilflow/core';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineSeeds, useTestCatalog, validSpec } from './pipelines/pipeline-fixtures.ts';
import { askThroughModel } from './approvals/approval-fixtures.ts';
import { seedHeldRun } from './pipelines/worker-seeds.ts';

let t: TestPlatform;
let a: TestTenant;
let b: TestTenant;
let bKeyId: string;
let bMemberUid: string;
let bAgentId: string;
let bSourceId: string;
let bDeadLetterId: string;
let bEnrollmentToken: string;
const oven = { measurement: 'oven', fields: [{ name: 'ZoneTemperature1', type: 'number', unit: 'degC', min: 0, max: 400 }], requiredTags: ['machine'] };

const source = {
  id: 'plc1',
  kind: 'opcua',
  endpointUrl: 'opc.tcp://127.0.0.1:4840',
  tags: [{ nodeId: 'ns=1;s=Oven1.Temp', measurement: 'oven', field: 'ZoneTemperature1' }],
};

beforeAll(async () => {
  t = await createTestPlatform();
  a = await t.createTenant('Plant A');
  b = await t.createTenant('Plant B');
  bKeyId = (await t.apiKey(b.tenantId, 'viewer')).split('_')[1]!;
  const member = await t.memberPrincipal(b.tenantId, 'engineer');
  bMemberUid = member.actor.type === 'user' ? member.actor.uid : '';
  await t.call(b.ownerPrincipal, 'members.invite', { email: 'b-only@example.test', role: 'viewer' });
  bAgentId = ((await t.call(b.ownerPrincipal, 'agents.enroll', { name: 'B gateway' })) as { agent: { id: string } }).agent.id;
  bEnrollmentToken = ((await t.call(b.ownerPrincipal, 'agents.enroll', { name: 'B spare gateway' })) as { enrollmentToken: string }).enrollmentToken;
  bSourceId = ((await t.call(b.ownerPrincipal, 'dataSources.create', { agentId: bAgentId, name: 'B PLC', source: { ...source, tags: [{ ...source.tags[0], tags: { site: 'B-Site' } }] } })) as { dataSource: { id: string } })
    .dataSource.id;
  // Tenant B has measurement data of its own that A must never reach.
  await t.platform.services.timeseries.write(b.tenantId, [{ m: 'b_only', tags: { site: 'B-Site' }, f: { secret: 42 }, t: Date.now() }]);
  await t.call(b.ownerPrincipal, 'schemas.create', oven);
  const payload = Buffer.from(JSON.stringify({ v: 1, agentId: bAgentId, seq: 1, sentAt: 0, points: [{ m: 'press', tags: {}, f: { force: 1 }, t: 0 }] }));
  bDeadLetterId = (
    await recordDeadLetter(t.platform.services, {
      tenantId: b.tenantId, agentId: bAgentId, topic: `ff/v1/${b.tenantId}/agents/${bAgentId}/telemetry`, codec: 'json', code: 'invalid_points',
      reason: 'measurement "press" has no schema', seq: 1, pointCount: 1, rejections: [{ at: 0, problems: [{ code: 'unknown_measurement', message: 'no schema' }] }],
      payload, receivedAt: new Date(), key: 'b:1',
    })
  ).id;
});
// Tenant B's data-quality issues and lineage, recorded by the observers ingest runs after a write.
let bIssueId: string;
beforeAll(async () => {
  const batch = { tenantId: b.tenantId, agentId: bAgentId, points: [{ m: 'oven', tags: { site: 'B-Site' }, f: { ZoneTemperature1: Number.NaN }, t: Date.now() }], receivedAt: new Date() };
  const quality = createQualityMonitor({ services: t.platform.services, tickIntervalMs: 0 });
  await quality.observe(batch);
  await quality.close();
  bIssueId = ((await t.call(b.ownerPrincipal, 'quality.issues')) as { items: Array<{ id: string }> }).items[0]!.id;
  const lineage = createLineageRecorder({ services: t.platform.services, flushIntervalMs: 0 });
  await lineage.observe(batch);
  await lineage.close();
  // A consumer that has not read B's batch yet: its lag is B's to see, not A's.
  await t.platform.services.writtenTelemetry.register(PROBE_CONSUMER);
  await t.platform.services.writtenTelemetry.append(batch);
});
const PROBE_CONSUMER = 'cross-tenant-probe';
// Tenant B's pipeline with two published versions and a recorded run.
let bPipelineId: string;
let bRunId: string;
beforeAll(async () => {
  useTestCatalog(t);
  const seeds = pipelineSeeds(t, b.tenantId);
  bPipelineId = await seeds.twoVersions();
  bRunId = await seeds.recordedRun(bPipelineId);
  bScheduleId = await seeds.scheduled();
});
let bScheduleId: string;
// Tenant B's pending approval: its admin key asked over MCP to revoke B's viewer key.
let bApprovalId: string;
beforeAll(async () => {
  const bAdminKey = await t.runtime.authenticate(await t.apiKey(b.tenantId, 'admin'));
  bApprovalId = (await askThroughModel(t, bAdminKey, 'apiKeys.revoke', { id: bKeyId })).approvalId;
});
// Tenant B's owner has a conversation with Jarvis.
let bConversationId: string;
beforeAll(async () => {
  bConversationId = ((await t.call(b.ownerPrincipal, 'conversations.create', { title: 'B only' })) as { conversation: { id: string } }).conversation.id;
  // Jarvis's metering of that conversation, and B's budget.
  const bScope = { tenantId: b.tenantId, actor: b.ownerPrincipal.actor, role: 'owner' as const };
  await recordJarvisUsage(t.platform.services, bScope, { conversationId: bConversationId, model: 'claude-sonnet-4-5', inputTokens: 700, outputTokens: 70, cacheReadTokens: 7, cacheWriteTokens: 0 });
  await t.call(b.ownerPrincipal, 'budgets.set', { monthlyTokenLimit: 777_000, monthlyCostLimitUsd: 7 });
});
// A shared worker holding one of B's runs: A may see the worker, never B's run on it.
let heldByWorker: { workerId: string; runId: string };
beforeAll(async () => {
  heldByWorker = await seedHeldRun(t.platform.services, b.tenantId, bPipelineId);
});
// The approval gate of B's run under way asks B's people, as the run worker does.
let bGateApprovalId: string;
beforeAll(async () => {
  const gate = { runId: heldByWorker.runId, pipelineId: bPipelineId, stageId: 'gate', title: 'B gate', instructions: '', approverRoles: ['owner', 'admin', 'engineer', 'operator'], rowCount: 1, sample: [{ n: 1 }] };
  bGateApprovalId = (await requestGateApproval(t.platform.services, b.tenantId, gate)).id;
});
// Tenant B's DENY policy, and the violation B's owner ran into.
let bPolicyId: string;
let bViolationId: string;
beforeAll(async () => {
  const policy = { name: 'B keeps its schemas', effect: 'DENY', reason: 'B only', match: { operations: ['schemas.delete'] } };
  bPolicyId = ((await t.call(b.ownerPrincipal, 'policies.create', policy)) as { policy: { id: string } }).policy.id;
  await t.call(b.ownerPrincipal, 'schemas.delete', { measurement: 'oven' }).catch(() => undefined);
  bViolationId = ((await t.call(b.ownerPrincipal, 'violations.list', {})) as { violations: Array<{ id: string }> }).violations[0]!.id;
});
// Tenant B's alert rule and the alert it raised on B's telemetry, as ingest's alert engine raises one.
let bAlertRuleId: string;
let bAlertId: string;
beforeAll(async () => {
  const spec = { name: 'B oven hot', measurement: 'oven', field: 'ZoneTemperature1', condition: { kind: 'threshold', direction: 'above', threshold: 230 } };
  bAlertRuleId = ((await t.call(b.ownerPrincipal, 'alertRules.create', { spec })) as { rule: { id: string } }).rule.id;
  const engine = createAlertEngine({ services: t.platform.services, sweepIntervalMs: 0 });
  await engine.observe({ tenantId: b.tenantId, agentId: bAgentId, points: [{ m: 'oven', tags: { site: 'B-Site' }, f: { ZoneTemperature1: 250 }, t: Date.now() }], receivedAt: new Date() });
  await engine.close();
  bAlertId = ((await t.call(b.ownerPrincipal, 'alerts.list')) as { alerts: Array<{ id: string }> }).alerts[0]!.id;
});
// Tenant B's silence and maintenance window (channels and webhooks need an allowed host, which this platform has none of).
let bSilenceId: string;
let bWindowId: string;
beforeAll(async () => {
  const endsAt = new Date(Date.now() + 3_600_000).toISOString();
  bSilenceId = ((await t.call(b.ownerPrincipal, 'silences.create', { matcher: {}, endsAt, comment: 'B only' })) as { silence: { id: string } }).silence.id;
  bWindowId = ((await t.call(b.ownerPrincipal, 'maintenanceWindows.create', { name: 'B', schedule: { kind: 'once', startsAt: new Date().toISOString(), endsAt } })) as { maintenanceWindow: { id: string } }).maintenanceWindow.id;
});
afterAll(() => t?.close());

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);

/** Tenant B as its owner sees it; after every attack it must be unchanged. */
async function snapshotB() {
  return {
    members: await t.call(b.ownerPrincipal, 'members.list'),
    keys: await t.call(b.ownerPrincipal, 'apiKeys.list'),
    tenant: await t.call(b.ownerPrincipal, 'tenants.get'),
    agents: await t.call(b.ownerPrincipal, 'agents.list'),
    agent: await t.call(b.ownerPrincipal, 'agents.get', { agentId: bAgentId }),
    sources: await t.call(b.ownerPrincipal, 'dataSources.list'),
    schemas: await t.call(b.ownerPrincipal, 'schemas.list'),
    retention: await t.call(b.ownerPrincipal, 'governance.getRetention'),
    classifications: await t.call(b.ownerPrincipal, 'governance.listClassifications'),
    auditRetention: await t.call(b.ownerPrincipal, 'governance.getAuditRetention'),
    deadLetters: await t.call(b.ownerPrincipal, 'deadLetters.list'),
    pipeline: await t.call(b.ownerPrincipal, 'pipelines.get', { id: bPipelineId }),
    runs: await t.call(b.ownerPrincipal, 'runs.list'),
    steps: await t.call(b.ownerPrincipal, 'runs.steps', { runId: bRunId }),
    schedules: await t.call(b.ownerPrincipal, 'schedules.list'),
    approvals: await t.call(b.ownerPrincipal, 'approvals.list'),
    conversation: await t.call(b.ownerPrincipal, 'conversations.get', { id: bConversationId }),
    usage: await t.call(b.ownerPrincipal, 'usage.get'),
    usageRows: await t.call(b.ownerPrincipal, 'usage.list'),
    budget: await t.call(b.ownerPrincipal, 'budgets.get'),
    policies: await t.call(b.ownerPrincipal, 'policies.list'),
    violations: await t.call(b.ownerPrincipal, 'violations.list'),
    alertRules: await t.call(b.ownerPrincipal, 'alertRules.list'),
    alert: await t.call(b.ownerPrincipal, 'alerts.get', { id: bAlertId }),
    silences: await t.call(b.ownerPrincipal, 'silences.list', { includeExpired: true }),
    maintenanceWindows: await t.call(b.ownerPrincipal, 'maintenanceWindows.list'),
  };
}

/**
 * For every operation: tenant A's owner aims at tenant B. Addressed ids answer NOT_FOUND,
 * listings show only A's records. A new operation needs a case here or the suite fails.
 */
const attacks: Record<string, (ownerA: Principal) => Promise<void>> = {
  'tenants.create': async (p) => {
    const out = (await t.call(p, 'tenants.create', { name: 'A spin-off' })) as { tenant: { id: string } };
    expect(out.tenant.id).not.toBe(b.tenantId);
  },
  'tenants.get': async (p) => {
    const out = (await t.call(p, 'tenants.get')) as { tenant: { id: string } };
    expect(out.tenant.id).toBe(a.tenantId);
  },
  'tenants.switch': async (p) => {
    expect(await code(t.call(p, 'tenants.switch', { tenantId: b.tenantId }))).toBe('NOT_FOUND');
  },
  'tenants.updateApprovalSettings': async (p) => {
    const out = (await t.call(p, 'tenants.updateApprovalSettings', { elicitationApproves: true })) as { settings: { elicitationApproves: boolean } };
    expect(out.settings.elicitationApproves).toBe(true);
    expect(await getApprovalSettings(t.platform.services, b.tenantId)).toEqual({ elicitationApproves: false });
    await t.call(p, 'tenants.updateApprovalSettings', { elicitationApproves: false });
  },
  'tenants.listMine': async (p) => {
    const out = (await t.call(p, 'tenants.listMine')) as { tenants: Array<{ tenant: { id: string } }> };
    expect(out.tenants.map((x) => x.tenant.id)).not.toContain(b.tenantId);
  },
  'invites.accept': async (p) => {
    const out = (await t.call(p, 'invites.accept')) as { joined: Array<{ tenantId: string }> };
    expect(out.joined.map((j) => j.tenantId)).not.toContain(b.tenantId);
  },
  'members.list': async (p) => {
    const out = (await t.call(p, 'members.list')) as { members: Array<{ tenantId: string; uid: string }>; invites: Array<{ email: string }> };
    expect(out.members.every((m) => m.tenantId === a.tenantId)).toBe(true);
    expect(out.members.map((m) => m.uid)).not.toContain(bMemberUid);
    expect(out.invites.map((i) => i.email)).not.toContain('b-only@example.test');
  },
  'members.invite': async (p) => {
    const out = (await t.call(p, 'members.invite', { email: 'a-invitee@example.test', role: 'viewer' })) as { invite: { tenantId: string } };
    expect(out.invite.tenantId).toBe(a.tenantId);
  },
  'members.updateRole': async (p) => {
    expect(await code(t.call(p, 'members.updateRole', { uid: bMemberUid, role: 'viewer' }))).toBe('NOT_FOUND');
  },
  'members.remove': async (p) => {
    expect(await code(t.call(p, 'members.remove', { uid: bMemberUid }))).toBe('NOT_FOUND');
  },
  'apiKeys.create': async (p) => {
    const out = (await t.call(p, 'apiKeys.create', { name: 'a key', role: 'viewer' })) as { apiKey: { tenantId: string } };
    expect(out.apiKey.tenantId).toBe(a.tenantId);
  },
  'apiKeys.list': async (p) => {
    const out = (await t.call(p, 'apiKeys.list')) as { apiKeys: Array<{ id: string; tenantId: string }> };
    expect(out.apiKeys.map((k) => k.id)).not.toContain(bKeyId);
    expect(out.apiKeys.every((k) => k.tenantId === a.tenantId)).toBe(true);
  },
  'apiKeys.revoke': async (p) => {
    expect(await code(t.call(p, 'apiKeys.revoke', { id: bKeyId }))).toBe('NOT_FOUND');
  },
  'agents.list': async (p) => {
    const out = (await t.call(p, 'agents.list')) as { agents: Array<{ id: string }> };
    expect(out.agents.map((x) => x.id)).not.toContain(bAgentId);
  },
  'agents.get': async (p) => {
    expect(await code(t.call(p, 'agents.get', { agentId: bAgentId }))).toBe('NOT_FOUND');
  },
  'agents.enroll': async (p) => {
    const out = (await t.call(p, 'agents.enroll', { name: 'A gateway' })) as { agent: { tenantId: string } };
    expect(out.agent.tenantId).toBe(a.tenantId);
  },
  'agents.redeemEnrollment': async (p) => {
    // Even holding B's token, a principal of A cannot redeem it through a principal's front.
    expect(await code(t.call(p, 'agents.redeemEnrollment', { token: bEnrollmentToken }))).toBe('FORBIDDEN');
  },
  'agents.updateConfig': async (p) => {
    expect(await code(t.call(p, 'agents.updateConfig', { agentId: bAgentId, settings: { heartbeatIntervalMs: 5000 } }))).toBe('NOT_FOUND');
  },
  'agents.command': async (p) => {
    expect(await code(t.call(p, 'agents.command', { agentId: bAgentId, request: { command: 'flushBuffer', args: {} } }))).toBe('NOT_FOUND');
  },
  'agents.revoke': async (p) => {
    expect(await code(t.call(p, 'agents.revoke', { agentId: bAgentId }))).toBe('NOT_FOUND');
  },
  'dataSources.list': async (p) => {
    const out = (await t.call(p, 'dataSources.list')) as { dataSources: Array<{ id: string }> };
    expect(out.dataSources.map((x) => x.id)).not.toContain(bSourceId);
    expect(await t.call(p, 'dataSources.list', { agentId: bAgentId })).toEqual({ dataSources: [] });
  },
  'dataSources.get': async (p) => {
    expect(await code(t.call(p, 'dataSources.get', { id: bSourceId }))).toBe('NOT_FOUND');
  },
  'dataSources.create': async (p) => {
    expect(await code(t.call(p, 'dataSources.create', { agentId: bAgentId, name: 'sneaky', source }))).toBe('NOT_FOUND');
  },
  'dataSources.update': async (p) => {
    expect(await code(t.call(p, 'dataSources.update', { id: bSourceId, source: { ...source, endpointUrl: 'opc.tcp://evil:4840' } }))).toBe('NOT_FOUND');
  },
  'dataSources.delete': async (p) => {
    expect(await code(t.call(p, 'dataSources.delete', { id: bSourceId }))).toBe('NOT_FOUND');
  },
  'telemetry.exploreCatalog': async (p) => {
    const out = (await t.call(p, 'telemetry.exploreCatalog')) as { measurements: Array<{ name: string }>; assets: Array<{ name: string }> };
    expect(out.measurements.map((m) => m.name)).not.toContain('b_only');
    expect(JSON.stringify(out.assets)).not.toContain('B-Site');
  },
  'telemetry.query': async (p) => {
    expect(await code(t.call(p, 'telemetry.query', { sql: 'SELECT count(*) FROM b_only' }))).toBe('INVALID');
    const mine = (await t.call(p, 'telemetry.query', { sql: 'SELECT 1 AS one' })) as { rows: unknown[][] };
    expect(mine.rows).toEqual([[1]]);
  },
  'telemetry.latest': async (p) => {
    const out = (await t.call(p, 'telemetry.latest')) as { values: Array<{ measurement: string }> };
    expect(out.values.map((v) => v.measurement)).not.toContain('b_only');
  },
  'telemetry.consumers': async (p) => {
    type Consumers = { consumers: Array<{ name: string; lagBatches: number }> };
    const probeOf = (out: Consumers) => out.consumers.find((consumer) => consumer.name === PROBE_CONSUMER);
    expect(probeOf((await t.call(b.ownerPrincipal, 'telemetry.consumers')) as Consumers)).toMatchObject({ lagBatches: 1 });
    expect(probeOf((await t.call(p, 'telemetry.consumers')) as Consumers)).toMatchObject({ lagBatches: 0 });
  },
  'schemas.list': async (p) => {
    const out = (await t.call(p, 'schemas.list')) as { schemas: Array<{ tenantId: string }> };
    expect(out.schemas.every((item) => item.tenantId === a.tenantId)).toBe(true);
  },
  'schemas.get': async (p) => {
    expect(await code(t.call(p, 'schemas.get', { measurement: 'oven' }))).toBe('NOT_FOUND');
  },
  'schemas.create': async (p) => {
    // The same measurement name in A is A's own schema; B's stays as it was.
    const out = (await t.call(p, 'schemas.create', { ...oven, fields: [{ name: 'Other', type: 'string' }] })) as { schema: { tenantId: string; version: number } };
    expect(out.schema).toMatchObject({ tenantId: a.tenantId, version: 1 });
    await t.call(p, 'schemas.delete', { measurement: 'oven' }).catch(async (e: { details: { confirmationToken: string } }) =>
      t.call(p, 'schemas.delete', { measurement: 'oven', confirmationToken: e.details.confirmationToken }),
    );
  },
  'schemas.update': async (p) => {
    expect(await code(t.call(p, 'schemas.update', { ...oven, fields: [...oven.fields, { name: 'x', type: 'number' }] }))).toBe('NOT_FOUND');
  },
  'schemas.delete': async (p) => {
    expect(await code(t.call(p, 'schemas.delete', { measurement: 'oven' }))).toBe('NOT_FOUND');
  },
  'deadLetters.list': async (p) => {
    const out = (await t.call(p, 'deadLetters.list')) as { items: Array<{ id: string }> };
    expect(out.items.map((x) => x.id)).not.toContain(bDeadLetterId);
    expect(await t.call(p, 'deadLetters.list', { agentId: bAgentId })).toEqual({ items: [], nextCursor: null });
  },
  'deadLetters.get': async (p) => {
    expect(await code(t.call(p, 'deadLetters.get', { id: bDeadLetterId }))).toBe('NOT_FOUND');
  },
  'deadLetters.replay': async (p) => {
    expect(await code(t.call(p, 'deadLetters.replay', { id: bDeadLetterId }))).toBe('NOT_FOUND');
  },
  'deadLetters.purge': async (p) => {
    // Confirmed and applied in A: it deletes A's dead letters (none), never B's.
    const plan = await t.call(p, 'deadLetters.purge', {}).catch((e: { details: { confirmationToken: string; plan: string } }) => e.details);
    expect((plan as { plan: string }).plan).toMatch(/^Delete 0 dead letters/);
    const out = await t.call(p, 'deadLetters.purge', { confirmationToken: (plan as { confirmationToken: string }).confirmationToken });
    expect(out).toEqual({ deleted: 0 });
  },
  'governance.getRetention': async (p) => {
    expect(JSON.stringify(await t.call(p, 'governance.getRetention'))).not.toContain('b_only');
  },
  'governance.setRetention': async (p) => {
    // A tenantId in the input is not read: the confirmed change lands in A, and B's settings stay (snapshotB).
    await confirmed(p, 'governance.setRetention', { defaultDays: 30, tenantId: b.tenantId });
  },
  'governance.listClassifications': async (p) => {
    const { classifications } = (await t.call(p, 'governance.listClassifications')) as { classifications: Array<{ label: string }> };
    expect(classifications.map((entry) => entry.label)).not.toContain('restricted');
  },
  'governance.setClassifications': async (p) => {
    await confirmed(p, 'governance.setClassifications', { classifications: [{ measurement: 'oven', field: 'ZoneTemperature1', label: 'internal' }], tenantId: b.tenantId });
  },
  'governance.getAuditRetention': async (p) => {
    await t.call(p, 'governance.getAuditRetention');
  },
  'governance.setAuditRetention': async (p) => {
    await confirmed(p, 'governance.setAuditRetention', { days: 400, tenantId: b.tenantId });
  },
  'exports.telemetry': async (p) => {
    expect(await code(t.call(p, 'exports.telemetry', { sql: 'SELECT * FROM b_only' }))).toBe('INVALID');
  },
  'audit.export': async (p) => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const out = (await t.call(p, 'audit.export', { from, to: new Date(Date.now() + 60_000).toISOString(), tenantId: b.tenantId })) as { content: string };
    const rows = out.content.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { tenantId: string });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.tenantId === a.tenantId)).toBe(true);
  },
  'audit.list': async (p) => {
    const out = (await t.call(p, 'audit.list', { limit: 200 })) as { items: Array<{ tenantId: string }> };
    expect(out.items.length).toBeGreaterThan(0);
    expect(out.items.every((r) => r.tenantId === a.tenantId)).toBe(true);
  },
  'quality.issues': async (p) => {
    const out = (await t.call(p, 'quality.issues', { status: 'all', limit: 200 })) as { items: Array<{ id: string; series: string }> };
    expect(out.items.map((i) => i.id)).not.toContain(bIssueId);
    expect(out.items.map((i) => i.series)).not.toContain('site=B-Site');
  },
  'quality.scores': async (p) => {
    const out = (await t.call(p, 'quality.scores', { measurement: 'oven', includeWindows: true })) as { fields: unknown[]; measurements: unknown[]; windows: unknown[] };
    expect(out).toMatchObject({ fields: [], measurements: [], windows: [] });
  },
  'lineage.graph': async (p) => {
    expect(await code(t.call(p, 'lineage.graph', { nodeId: `agent:${bAgentId}` }))).toBe('NOT_FOUND');
    expect(await code(t.call(p, 'lineage.graph', { nodeId: `tag:${bAgentId}/plc1/ns=1;s=Oven1.Temp`, direction: 'upstream' }))).toBe('NOT_FOUND');
  },
  'pipelines.list': async (p) => {
    const out = (await t.call(p, 'pipelines.list')) as { items: Array<{ id: string; tenantId: string }> };
    expect(out.items.map((x) => x.id)).not.toContain(bPipelineId);
    expect(out.items.every((x) => x.tenantId === a.tenantId)).toBe(true);
  },
  'pipelines.get': async (p) => {
    expect(await code(t.call(p, 'pipelines.get', { id: bPipelineId }))).toBe('NOT_FOUND');
    expect(await code(t.call(p, 'pipelines.get', { id: bPipelineId, version: 1 }))).toBe('NOT_FOUND');
  },
  'pipelines.create': async (p) => {
    const out = (await t.call(p, 'pipelines.create', { spec: validSpec('A pipeline') })) as { pipeline: { tenantId: string } };
    expect(out.pipeline.tenantId).toBe(a.tenantId);
  },
  'pipelines.update': async (p) => {
    expect(await code(t.call(p, 'pipelines.update', { id: bPipelineId, spec: validSpec('hijacked') }))).toBe('NOT_FOUND');
  },
  'pipelines.validate': async (p) => {
    expect(await code(t.call(p, 'pipelines.validate', { id: bPipelineId }))).toBe('NOT_FOUND');
  },
  'pipelines.publish': async (p) => {
    expect(await code(t.call(p, 'pipelines.publish', { id: bPipelineId }))).toBe('NOT_FOUND');
  },
  'pipelines.versions': async (p) => {
    expect(await code(t.call(p, 'pipelines.versions', { id: bPipelineId }))).toBe('NOT_FOUND');
  },
  'pipelines.diff': async (p) => {
    expect(await code(t.call(p, 'pipelines.diff', { id: bPipelineId, from: 1, to: 2 }))).toBe('NOT_FOUND');
  },
  'pipelines.rollback': async (p) => {
    expect(await code(t.call(p, 'pipelines.rollback', { id: bPipelineId, version: 1 }))).toBe('NOT_FOUND');
  },
  'pipelines.delete': async (p) => {
    // Refused while planning: no confirmation token is issued for B's pipeline.
    expect(await code(t.call(p, 'pipelines.delete', { id: bPipelineId, mode: 'delete' }))).toBe('NOT_FOUND');
  },
  'pipelines.start': async (p) => {
    expect(await code(t.call(p, 'pipelines.start', { id: bPipelineId }))).toBe('NOT_FOUND');
  },
  'pipelines.stop': async (p) => {
    expect(await code(t.call(p, 'pipelines.stop', { id: bPipelineId }))).toBe('NOT_FOUND');
  },
  'runs.list': async (p) => {
    const out = (await t.call(p, 'runs.list')) as { items: Array<{ id: string }> };
    expect(out.items.map((x) => x.id)).not.toContain(bRunId);
    expect(await t.call(p, 'runs.list', { pipelineId: bPipelineId })).toEqual({ items: [], nextCursor: null });
  },
  'runs.get': async (p) => {
    expect(await code(t.call(p, 'runs.get', { id: bRunId }))).toBe('NOT_FOUND');
  },
  'runs.steps': async (p) => {
    expect(await code(t.call(p, 'runs.steps', { runId: bRunId }))).toBe('NOT_FOUND');
  },
  'pipelines.run': async (p) => {
    expect(await code(t.call(p, 'pipelines.run', { id: bPipelineId }))).toBe('NOT_FOUND');
  },
  'runs.cancel': async (p) => {
    // Refused while planning: no confirmation token is issued for B's run.
    expect(await code(t.call(p, 'runs.cancel', { id: bRunId }))).toBe('NOT_FOUND');
  },
  'runs.pause': async (p) => {
    expect(await code(t.call(p, 'runs.pause', { id: bRunId }))).toBe('NOT_FOUND');
  },
  'runs.resume': async (p) => {
    expect(await code(t.call(p, 'runs.resume', { id: bRunId }))).toBe('NOT_FOUND');
  },
  'runs.step': async (p) => {
    expect(await code(t.call(p, 'runs.step', { id: bRunId }))).toBe('NOT_FOUND');
  },
  'runs.replay': async (p) => {
    expect(await code(t.call(p, 'runs.replay', { runId: bRunId, fromStage: 'double' }))).toBe('NOT_FOUND');
  },
  'pipelines.backfill': async (p) => {
    const range = { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z', sliceMs: 3_600_000 };
    expect(await code(t.call(p, 'pipelines.backfill', { id: bPipelineId, ...range }))).toBe('NOT_FOUND');
  },
  'templates.list': async (p) => {
    // The templates are the platform's, the same for every tenant.
    expect(await t.call(p, 'templates.list')).toEqual(await t.call(b.ownerPrincipal, 'templates.list'));
  },
  'templates.instantiate': async (p) => {
    // A's draft, whatever it is called, lands in A: B's pipelines stay as they were (snapshotB after every attack).
    const outcome = await code(t.call(p, 'templates.instantiate', { template: 'window-average-threshold', name: 'cross tenant probe' }));
    expect(['ok', 'INVALID']).toContain(outcome);
    const bNames = ((await t.call(b.ownerPrincipal, 'pipelines.list')) as { items: Array<{ name: string }> }).items.map((item) => item.name);
    expect(bNames).not.toContain('cross tenant probe');
  },
  'runs.diff': async (p) => {
    const ownRun = ((await t.call(p, 'runs.list')) as { items: Array<{ id: string }> }).items[0]?.id ?? bRunId;
    expect(await code(t.call(p, 'runs.diff', { a: ownRun, b: bRunId }))).toBe('NOT_FOUND');
  },
  'components.list': async (p) => {
    // The catalog is the platform's, the same for every tenant: nothing of B's is in it.
    expect(await t.call(p, 'components.list')).toEqual(await t.call(b.ownerPrincipal, 'components.list'));
  },
  'clusters.list': async (p) => {
    const out = (await t.call(p, 'clusters.list')) as { items: Array<{ running: number; queued: number; load: number }> };
    expect(out.items.map((c) => c.running)).toEqual([0]);
    expect(out.items[0]!.load).toBe(1);
  },
  'clusters.get': async (p) => {
    const out = await t.call(p, 'clusters.get', { name: 'default' });
    expect(JSON.stringify(out)).not.toContain(heldByWorker.runId);
  },
  'workers.list': async (p) => {
    const out = (await t.call(p, 'workers.list')) as { items: Array<{ id: string; yourRuns: string[] }> };
    expect(out.items.find((w) => w.id === heldByWorker.workerId)?.yourRuns).toEqual([]);
    expect(JSON.stringify(out)).not.toContain(heldByWorker.runId);
  },
  'workers.get': async (p) => {
    const out = (await t.call(p, 'workers.get', { id: heldByWorker.workerId })) as { worker: { load: number; yourRuns: string[] } };
    expect(out.worker).toMatchObject({ load: 1, yourRuns: [] });
  },
  'workers.drain': async (p) => {
    expect(await code(t.call(p, 'workers.drain', { id: heldByWorker.workerId }))).toBe('FORBIDDEN');
    expect(((await t.call(b.ownerPrincipal, 'workers.get', { id: heldByWorker.workerId })) as { worker: { state: string } }).worker.state).toBe('active');
  },
  'components.get': async (p) => {
    const asJson = async (principal: Principal) => JSON.stringify(await t.call(principal, 'components.get', { name: 'source.counter-rows' }));
    expect(await asJson(p)).toBe(await asJson(b.ownerPrincipal));
  },
  'schedules.list': async (p) => {
    const out = (await t.call(p, 'schedules.list')) as { items: Array<{ id: string }> };
    expect(out.items.map((x) => x.id)).not.toContain(bScheduleId);
    expect(await t.call(p, 'schedules.list', { pipelineId: bScheduleId.split('.')[1] })).toEqual({ items: [] });
  },
  'schedules.get': async (p) => {
    expect(await code(t.call(p, 'schedules.get', { id: bScheduleId }))).toBe('NOT_FOUND');
  },
  'schedules.pause': async (p) => {
    expect(await code(t.call(p, 'schedules.pause', { id: bScheduleId }))).toBe('NOT_FOUND');
    // B's schedule id with A's tenant prefix names nothing of A's either.
    expect(await code(t.call(p, 'schedules.pause', { id: bScheduleId.replace(b.tenantId, a.tenantId) }))).toBe('NOT_FOUND');
  },
  'schedules.resume': async (p) => {
    expect(await code(t.call(p, 'schedules.resume', { id: bScheduleId }))).toBe('NOT_FOUND');
  },
  'approvals.list': async (p) => {
    const ids = ((await t.call(p, 'approvals.list')) as { approvals: Array<{ id: string }> }).approvals.map((approval) => approval.id);
    expect(ids).not.toContain(bApprovalId);
    expect(ids).not.toContain(bGateApprovalId);
  },
  'approvals.get': async (p) => {
    for (const id of [bApprovalId, bGateApprovalId]) expect(await code(t.call(p, 'approvals.get', { id }))).toBe('NOT_FOUND');
  },
  'approvals.approve': async (p) => {
    for (const id of [bApprovalId, bGateApprovalId]) expect(await code(t.call(p, 'approvals.approve', { id }, 'web'))).toBe('NOT_FOUND');
  },
  'approvals.reject': async (p) => {
    for (const id of [bApprovalId, bGateApprovalId]) expect(await code(t.call(p, 'approvals.reject', { id }, 'web'))).toBe('NOT_FOUND');
  },
  'conversations.create': async (p) => {
    await t.call(p, 'conversations.create', { title: 'A probe' });
    const bTitles = ((await t.call(b.ownerPrincipal, 'conversations.list')) as { conversations: Array<{ title: string }> }).conversations.map((c) => c.title);
    expect(bTitles).not.toContain('A probe');
  },
  'conversations.list': async (p) => {
    const ids = ((await t.call(p, 'conversations.list')) as { conversations: Array<{ id: string }> }).conversations.map((c) => c.id);
    expect(ids).not.toContain(bConversationId);
  },
  'conversations.get': async (p) => {
    expect(await code(t.call(p, 'conversations.get', { id: bConversationId }))).toBe('NOT_FOUND');
  },
  'conversations.rename': async (p) => {
    expect(await code(t.call(p, 'conversations.rename', { id: bConversationId, title: 'taken over' }))).toBe('NOT_FOUND');
  },
  'conversations.delete': async (p) => {
    expect(await code(t.call(p, 'conversations.delete', { id: bConversationId }))).toBe('NOT_FOUND');
  },
  'usage.get': async (p) => {
    const usage = (await t.call(p, 'usage.get')) as { totals: { requests: number }; byConversation: Array<{ conversationId: string }>; byUser: Array<{ userId: string }> };
    expect(usage.totals.requests).toBe(0);
    expect(usage.byConversation.map((row) => row.conversationId)).not.toContain(bConversationId);
    expect(usage.byUser).toEqual([]);
  },
  'usage.list': async (p) => {
    expect(await t.call(p, 'usage.list', { conversationId: bConversationId })).toEqual({ items: [], nextCursor: null });
    expect(((await t.call(p, 'usage.list')) as { items: Array<{ conversationId: string }> }).items.map((row) => row.conversationId)).not.toContain(bConversationId);
  },
  'budgets.get': async (p) => {
    expect(await t.call(p, 'budgets.get')).toMatchObject({ budget: { monthlyTokenLimit: null, monthlyCostLimitUsd: null } });
  },
  'budgets.set': async (p) => {
    // The input names no tenant; a tenantId in it is not read. B's budget is checked unchanged by the snapshot.
    await t.call(p, 'budgets.set', { monthlyTokenLimit: 1, monthlyCostLimitUsd: null, tenantId: b.tenantId });
    expect(await t.call(p, 'budgets.get')).toMatchObject({ budget: { monthlyTokenLimit: 1 } });
    await t.call(p, 'budgets.set', { monthlyTokenLimit: null, monthlyCostLimitUsd: null });
  },
  'policies.list': async (p) => {
    const ids = ((await t.call(p, 'policies.list')) as { policies: Array<{ id: string }> }).policies.map((policy) => policy.id);
    expect(ids).not.toContain(bPolicyId);
  },
  'policies.get': async (p) => {
    expect(await code(t.call(p, 'policies.get', { id: bPolicyId }))).toBe('NOT_FOUND');
  },
  'policies.create': async (p) => {
    await t.call(p, 'policies.create', { name: 'A probe policy', effect: 'ALLOW', match: { operations: ['lineage.graph'] } });
    const bNames = ((await t.call(b.ownerPrincipal, 'policies.list')) as { policies: Array<{ name: string }> }).policies.map((policy) => policy.name);
    expect(bNames).not.toContain('A probe policy');
  },
  'policies.update': async (p) => {
    const policy = { name: 'taken over', effect: 'ALLOW', match: { operations: ['schemas.delete'] } };
    expect(await code(t.call(p, 'policies.update', { id: bPolicyId, policy }))).toBe('NOT_FOUND');
  },
  'policies.delete': async (p) => {
    expect(await code(t.call(p, 'policies.delete', { id: bPolicyId }))).toBe('NOT_FOUND');
  },
  'violations.list': async (p) => {
    const { violations } = (await t.call(p, 'violations.list', { policyId: bPolicyId })) as { violations: Array<{ id: string }> };
    expect(violations.map((v) => v.id)).not.toContain(bViolationId);
    expect(violations).toEqual([]);
  },
  'alertRules.list': async (p) => {
    expect(JSON.stringify(await t.call(p, 'alertRules.list'))).not.toContain(bAlertRuleId);
  },
  'alertRules.get': async (p) => {
    expect(await code(t.call(p, 'alertRules.get', { id: bAlertRuleId }))).toBe('NOT_FOUND');
  },
  'alertRules.create': async (p) => {
    // The same name as B's rule is free in A: names are per tenant, and B's rule stays as it was.
    await t.call(p, 'alertRules.create', { spec: { name: 'B oven hot', measurement: 'oven', field: 'ZoneTemperature1', condition: { kind: 'threshold', direction: 'above', threshold: 1 } } });
  },
  'alertRules.update': async (p) => {
    const spec = { name: 'taken over', enabled: false, measurement: 'oven', field: 'ZoneTemperature1', condition: { kind: 'threshold', direction: 'above', threshold: 1 } };
    expect(await code(t.call(p, 'alertRules.update', { id: bAlertRuleId, spec }))).toBe('NOT_FOUND');
  },
  'alertRules.delete': async (p) => {
    expect(await code(t.call(p, 'alertRules.delete', { id: bAlertRuleId }))).toBe('NOT_FOUND');
  },
  'alerts.list': async (p) => {
    for (const state of ['open', 'firing', 'resolved'] as const) expect(JSON.stringify(await t.call(p, 'alerts.list', { state }))).not.toContain(bAlertId);
    expect(await t.call(p, 'alerts.list', { ruleId: bAlertRuleId })).toEqual({ alerts: [], nextCursor: null });
  },
  'alerts.get': async (p) => {
    expect(await code(t.call(p, 'alerts.get', { id: bAlertId }))).toBe('NOT_FOUND');
  },
  'alerts.acknowledge': async (p) => {
    expect(await code(t.call(p, 'alerts.acknowledge', { id: bAlertId, comment: 'mine now' }))).toBe('NOT_FOUND');
  },
  'alerts.shelve': async (p) => {
    expect(await code(t.call(p, 'alerts.shelve', { id: bAlertId, durationSeconds: 3600, reason: 'hide it' }))).toBe('NOT_FOUND');
  },
  'alerts.resolve': async (p) => {
    expect(await code(t.call(p, 'alerts.resolve', { id: bAlertId }))).toBe('NOT_FOUND');
  },
  'alerts.metrics': async (p) => {
    const out = (await t.call(p, 'alerts.metrics')) as { metrics: { activations: number; standing: number; topRules: Array<{ ruleId: string }> } };
    expect(out.metrics.topRules.map((rule) => rule.ruleId)).not.toContain(bAlertRuleId);
    expect(JSON.stringify(out)).not.toContain(bAlertId);
  },
  'pipelines.receiveWebhook': async (p) => {
    // Webhooks reach a pipeline only at their own endpoint, with its secret; no principal's front starts one.
    expect(await code(t.call(p, 'pipelines.receiveWebhook', { credential: `${b.tenantId}:${bPipelineId}:ffwh_${'x'.repeat(43)}`, payload: {} }))).toBe('FORBIDDEN');
  },
  'channels.list': async (p) => expect(await t.call(p, 'channels.list')).toEqual({ channels: [] }),
  'channels.create': async (p) => expect(await code(t.call(p, 'channels.create', { name: 'x', settings: { kind: 'webhook', url: 'https://b.example.com/hook' } }))).toBe('FORBIDDEN'),
  'channels.update': async (p) => expect(await code(t.call(p, 'channels.update', { id: bSilenceId, name: 'x' }))).toBe('NOT_FOUND'),
  'channels.delete': async (p) => expect(await code(t.call(p, 'channels.delete', { id: bSilenceId }))).toBe('NOT_FOUND'),
  'channels.test': async (p) => expect(await code(t.call(p, 'channels.test', { id: bSilenceId }))).toBe('NOT_FOUND'),
  'notificationPolicies.get': async (p) => expect(await t.call(p, 'notificationPolicies.get')).toMatchObject({ updatedBy: null }),
  'notificationPolicies.set': async (p) => expect(await code(t.call(p, 'notificationPolicies.set', { policy: { defaultChannels: [bSilenceId] } }))).toBe('INVALID'),
  'silences.list': async (p) => {
    const out = (await t.call(p, 'silences.list', { includeExpired: true })) as { silences: Array<{ id: string }> };
    expect(out.silences.map((s) => s.id)).not.toContain(bSilenceId);
  },
  'silences.create': async (p) => {
    await t.call(p, 'silences.create', { matcher: {}, endsAt: new Date(Date.now() + 60_000).toISOString(), comment: 'A only' });
  },
  'silences.expire': async (p) => expect(await code(t.call(p, 'silences.expire', { id: bSilenceId }))).toBe('NOT_FOUND'),
  'maintenanceWindows.list': async (p) => {
    const out = (await t.call(p, 'maintenanceWindows.list')) as { maintenanceWindows: Array<{ id: string }> };
    expect(out.maintenanceWindows.map((w) => w.id)).not.toContain(bWindowId);
  },
  'maintenanceWindows.create': async (p) => {
    await t.call(p, 'maintenanceWindows.create', { name: 'A', schedule: { kind: 'once', startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-02T00:00:00Z' } });
  },
  'maintenanceWindows.delete': async (p) => expect(await code(t.call(p, 'maintenanceWindows.delete', { id: bWindowId }))).toBe('NOT_FOUND'),
  'deliveries.list': async (p) => expect(await t.call(p, 'deliveries.list')).toEqual({ deliveries: [] }),
  'deliveries.redeliver': async (p) => expect(await code(t.call(p, 'deliveries.redeliver', { id: bSilenceId }))).toBe('NOT_FOUND'),
  'webhooks.list': async (p) => expect(await t.call(p, 'webhooks.list')).toEqual({ webhooks: [] }),
  'webhooks.create': async (p) => expect(await code(t.call(p, 'webhooks.create', { name: 'x', url: 'https://b.example.com/hook', events: ['run.failed'] }))).toBe('FORBIDDEN'),
  'webhooks.delete': async (p) => expect(await code(t.call(p, 'webhooks.delete', { id: bWindowId }))).toBe('NOT_FOUND'),
};

// Tenant B's own governance: a restricted field and a retention period of its own.
beforeAll(async () => {
  await confirmed(b.ownerPrincipal, 'governance.setClassifications', { classifications: [{ measurement: 'b_only', field: 'secret', label: 'restricted' }] });
  await confirmed(b.ownerPrincipal, 'governance.setRetention', { measurements: [{ measurement: 'b_only', days: 90 }] });
});

/** Runs a call, confirming it with the token it answers with when it asks for one (a person on a non-model front). */
async function confirmed(p: Principal, name: string, input: Record<string, unknown>): Promise<unknown> {
  try {
    return await t.call(p, name, input);
  } catch (e) {
    const token = (e as { code?: string; details?: { confirmationToken?: string } }).details?.confirmationToken;
    if ((e as { code?: string }).code !== 'NEEDS_CONFIRMATION' || !token) throw e;
    return t.call(p, name, { ...input, confirmationToken: token });
  }
}

describe('tenant A cannot see or touch tenant B through the registry', () => {
  it('has an attack for every operation', () => {
    expect(Object.keys(attacks).sort()).toEqual(t.runtime.registry.list().map((op) => op.name).sort());
  });

  it.each(Object.keys(attacks))('%s', async (operation) => {
    const before = await snapshotB();
    await attacks[operation]!(a.ownerPrincipal);
    expect(await snapshotB()).toEqual(before);
  });

  it('refuses a confirmation token issued in tenant B when replayed in tenant A', async () => {
    const issued = await t.call(b.ownerPrincipal, 'apiKeys.revoke', { id: bKeyId }).catch((e: { details: { confirmationToken: string } }) => e);
    const token = (issued as { details: { confirmationToken: string } }).details.confirmationToken;
    expect(await code(t.call(a.ownerPrincipal, 'apiKeys.revoke', { id: bKeyId, confirmationToken: token }))).toBe('INVALID');
    const aKey = (await t.apiKey(a.tenantId, 'viewer')).split('_')[1]!;
    expect(await code(t.call(a.ownerPrincipal, 'apiKeys.revoke', { id: aKey, confirmationToken: token }))).toBe('INVALID');
  });

  it('an API key of tenant A acts in tenant A only, whatever the input says', async () => {
    const principal = await t.runtime.authenticate(await t.apiKey(a.tenantId, 'admin'));
    expect(principal.tenantId).toBe(a.tenantId);
    const out = (await t.call(principal, 'tenants.get', { tenantId: b.tenantId })) as { tenant: { id: string } };
    expect(out.tenant.id).toBe(a.tenantId);
  });
});
