import { randomBytes } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';
import type { AuditRecord } from '@facilflow/contracts';
import { enrollResponseSchema } from '@facilflow/contracts';
import { createObservability } from '@facilflow/observability';
import { createOperationsRuntime } from '@facilflow/operations';
import { createTestPlatform, freePort, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { connectAgentClient } from '@facilflow/testkit/agent-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture } from '../../packages/observability/test/support/capture-stream.ts';
import { createServer, type FacilFlowServer } from '../server/create-server.ts';

let t: TestPlatform;
let server: FacilFlowServer;
let plant: TestTenant;
let other: TestTenant;
const logs = capture();
const REFUSALS_PER_ADDRESS = 4;

beforeAll(async () => {
  t = await createTestPlatform({ FACILFLOW_HTTP_PORT: String(await freePort()), FACILFLOW_ROLES: 'ingest' });
  // Debug: operation inputs are logged too, the level at which a token in them would leak.
  const observability = createObservability({ name: 'facilflow', level: 'debug', destination: logs.stream });
  const runtime = createOperationsRuntime(t.platform, {
    observability,
    credentialAttemptLimits: { perSource: { attempts: REFUSALS_PER_ADDRESS, windowMs: 10 * 60_000 }, perCredential: { attempts: 3, windowMs: 10 * 60_000 } },
  });
  server = await createServer({ config: t.platform.config, platform: t.platform, runtime, observability });
  plant = await t.createTenant('Enrolment Plant');
  other = await t.createTenant('Other Plant');
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

async function issueToken(tenant: TestTenant): Promise<{ agentId: string; token: string }> {
  const out = (await t.call(tenant.ownerPrincipal, 'agents.enroll', { name: `gateway ${Math.random()}` })) as { agent: { id: string }; enrollmentToken: string };
  return { agentId: out.agent.id, token: out.enrollmentToken };
}

/** Shaped like an enrolment token, of an agent that does not exist. */
const guessedToken = () => `ffe_ag_${Array.from(randomBytes(16), (b) => 'abcdefghijklmnopqrstuvwxyz234567'[b & 31]).join('')}_${randomBytes(32).toString('base64url')}`;

const post = (body: unknown) =>
  fetch(`${server.url}/api/agents/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A POST from another loopback address: a source of its own for the per-address limit. */
function postFrom(localAddress: string, body: unknown): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  const { hostname, port } = new URL(server.url);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, localAddress, method: 'POST', path: '/api/agents/enroll', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function records(tenant: TestTenant): Promise<AuditRecord[]> {
  return ((await t.call(tenant.ownerPrincipal, 'audit.list', { operation: 'agents.redeemEnrollment', limit: 200 })) as { items: AuditRecord[] }).items;
}

describe('POST /api/agents/enroll runs agents.redeemEnrollment through the registry', () => {
  it('enrols into the token’s tenant, whatever tenant the body names, and the credentials work', async () => {
    const { agentId, token } = await issueToken(plant);
    const res = await post({ token, hostname: 'gw-http', version: '1.0.0', tenantId: other.tenantId });
    expect(res.status).toBe(200);
    const identity = enrollResponseSchema.parse(await res.json());
    expect(identity).toMatchObject({ tenantId: plant.tenantId, agentId });
    const agent = await connectAgentClient(identity);
    await agent.endAsync();
    const [record] = (await records(plant)).filter((r) => r.actorId === `system:enrollment-token:${agentId}`);
    expect(record).toMatchObject({ front: 'agent', outcome: 'ok', input: { hostname: 'gw-http', version: '1.0.0', tenantId: other.tenantId } });
    expect(JSON.stringify(await records(other))).not.toContain(agentId);
    const text = logs.text();
    expect(text).not.toContain(token.slice(24));
    expect(text).not.toContain(identity.mqtt.password);
    expect(logs.lines().find((l) => l.msg === 'request done' && l.operation === 'agents.redeemEnrollment')).toMatchObject({ front: 'ingest' });
  });

  it('answers two requests with one token at once: one 200, one 401', async () => {
    const { token } = await issueToken(plant);
    const statuses = await Promise.all([post({ token }), post({ token })].map(async (pending) => (await pending).status));
    expect(statuses.sort()).toEqual([200, 401]);
  });

  it('answers an unknown token 401 in JSON, in the words a used or expired one gets', async () => {
    const unknown = await post({ token: guessedToken() });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ code: 'UNAUTHENTICATED', message: 'Enrolment token is invalid, used or expired' });
  });

  it('answers 429 with Retry-After once one address has spent its refusals, before looking at the token', async () => {
    const { agentId, token } = await issueToken(plant);
    for (let i = 0; i < REFUSALS_PER_ADDRESS; i++) expect((await postFrom('127.0.0.2', { token: guessedToken() })).status).toBe(401);
    const limited = await postFrom('127.0.0.2', { token });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(limited.text)).toMatchObject({ code: 'RATE_LIMITED', limit: 'source' });
    const { agent } = (await t.call(plant.ownerPrincipal, 'agents.get', { agentId })) as { agent: { enrolledAt: string | null } };
    expect(agent.enrolledAt).toBeNull();
    // Another address is not held back by this one's refusals.
    expect((await postFrom('127.0.0.3', { token })).status).toBe(200);
  });
});
