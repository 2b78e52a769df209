import type { EnrollResponse, Role } from '@facilflow/contracts';
import { redeemEnrollment } from '@facilflow/core';
import { type Principal } from '@facilflow/contracts';
import { attachIngest, type AttachedIngest } from '@facilflow/ingest';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { connectAgentClient } from '@facilflow/testkit/agent-client';
import type { MqttClient } from 'mqtt';
import { AuditLedger } from './audit-ledger.ts';
import type { LogCapture } from './log-capture.ts';

export const OVEN_SCHEMA = {
  measurement: 'oven',
  description: 'Tunnel ovens',
  fields: [
    { name: 'ZoneTemperature1', type: 'number', unit: 'degC', min: 0, max: 400 },
    { name: 'running', type: 'boolean' },
    { name: 'state', type: 'string' },
  ],
  requiredTags: ['machine'],
};

export interface NamedPrincipal {
  label: string;
  principal: Principal;
}

/** The real platform the fuzzer attacks: two tenants, members of every role, agents on the embedded broker, ingest attached. */
export interface World {
  t: TestPlatform;
  tenantA: string;
  tenantB: string;
  /** The callers fuzz inputs come from. */
  principals: NamedPrincipal[];
  /** Only the liveness checks call as this one, and no fuzz input names it, so the checks never lose their footing. */
  checker: Principal;
  agentA: EnrollResponse;
  agentB: EnrollResponse;
  /** Logs in from the raw-packet target only, so its sessions never take over another agent's. */
  agentRaw: EnrollResponse;
  /** A client for agent A: the liveness check's publish (reconnected by the check when it dropped). */
  clientA: MqttClient;
  ingest: AttachedIngest;
  ledger: AuditLedger;
  logs: LogCapture;
  /** Ids that exist (agents, tenants, measurements, members): mutated inputs sometimes name one. */
  knownStrings: string[];
  close(): Promise<void>;
}

const ingestLog = { warn: () => undefined, error: (message: string, details: Record<string, unknown>) => console.error(`[ingest] ${message} ${JSON.stringify(details)}`) };

export async function createWorld(logs: LogCapture): Promise<World> {
  // Thousands of calls a minute with one key are the point here, not what the per-key limit answers.
  const t = await createTestPlatform({ FACILFLOW_API_KEY_REQUESTS_PER_MINUTE: '1000000' });
  const a = await t.createTenant('Fuzz Plant A');
  const b = await t.createTenant('Fuzz Plant B');
  await t.call(a.ownerPrincipal, 'schemas.create', OVEN_SCHEMA);
  await t.call(b.ownerPrincipal, 'schemas.create', OVEN_SCHEMA);
  const ingest = await attachIngest(t.platform, { log: ingestLog });
  const enroll = async (owner: Principal, name: string) => {
    const out = (await t.call(owner, 'agents.enroll', { name })) as { enrollmentToken: string };
    return redeemEnrollment(t.platform.services, { token: out.enrollmentToken, hostname: 'fuzz-gateway', version: 'fuzz' });
  };
  const agentA = await enroll(a.ownerPrincipal, 'Fuzz gateway A');
  const agentB = await enroll(b.ownerPrincipal, 'Fuzz gateway B');
  const agentRaw = await enroll(a.ownerPrincipal, 'Fuzz raw gateway');
  // Agents fuzz inputs may name (revoke, reconfigure, command); the ones the targets and checks use are never named.
  const victims = [await enroll(a.ownerPrincipal, 'Fuzz victim A'), await enroll(b.ownerPrincipal, 'Fuzz victim B')];
  const clientA = await connectAgentClient(agentA);

  const member = async (tenantId: string, role: Role): Promise<NamedPrincipal> => {
    const user = await t.signUp();
    await t.platform.services.directory.addMember(tenantId, { uid: user.uid, email: user.email, role });
    return { label: `${tenantId === a.tenantId ? 'A' : 'B'}:${role}`, principal: { actor: { type: 'user', uid: user.uid, email: user.email }, tenantId, role } };
  };
  const fuzzOwner = await member(a.tenantId, 'owner');
  const principals: NamedPrincipal[] = [
    fuzzOwner,
    await member(a.tenantId, 'admin'),
    await member(a.tenantId, 'engineer'),
    await member(a.tenantId, 'operator'),
    await member(a.tenantId, 'viewer'),
    { label: 'B:owner', principal: b.ownerPrincipal },
    await member(b.tenantId, 'viewer'),
  ];
  const service = await t.runtime.authenticate(await t.apiKey(a.tenantId, 'service'));
  principals.push({ label: 'A:service', principal: service });
  const stranger = await t.signUp();
  principals.push({ label: 'no-tenant', principal: { actor: { type: 'user', uid: stranger.uid, email: stranger.email }, tenantId: null, role: null } });

  const ledger = new AuditLedger(t.database.db);
  await ledger.start();
  const knownStrings = [
    ...victims.map((v) => v.agentId),
    a.tenantId,
    b.tenantId,
    'oven',
    'ZoneTemperature1',
    `agent:${victims[0]?.agentId}`,
    'field:oven.ZoneTemperature1',
    'measurement:oven',
    ...principals.flatMap((p) => (p.principal.actor.type === 'user' && p.label !== 'B:owner' ? [p.principal.actor.uid] : [])),
  ];
  const world: World = {
    t,
    tenantA: a.tenantId,
    tenantB: b.tenantId,
    principals,
    checker: a.ownerPrincipal,
    agentA,
    agentB,
    agentRaw,
    clientA,
    ingest,
    ledger,
    logs,
    knownStrings,
    async close() {
      await world.clientA.endAsync(true);
      await ingest.close();
      await t.close();
    },
  };
  return world;
}
