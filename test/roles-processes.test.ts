import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentTopic, enrollResponseSchema, type EnrollResponse } from '@facilflow/contracts';
import { createMosquittoDynsec } from '@facilflow/messaging';
import { freePort } from '@facilflow/testkit';
import { connectAgentClient } from '@facilflow/testkit/agent-client';
import { startMosquitto, type MosquittoUnderTest } from '@facilflow/testkit/mosquitto';
import { createTestDatabase, type TestDatabase } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRemote } from '../packages/cli/src/commands/call-remote.ts';
import { runScript, type ChildScript } from './support/server-process.ts';

/**
 * The roles as separate processes on this machine's PostgreSQL, Redis and Mosquitto, as
 * compose.yaml deploys them: `facilflow serve --roles web,mcp,ingest` (DuckDB: the fronts
 * stay with the process that writes the tenant's file), `--roles worker` (the written-
 * telemetry consumers, reading Redis Streams) and `--roles scheduler`. An agent enrolled
 * over HTTP streams batches through Mosquitto; the ingest-carrying process is SIGKILLed
 * mid-stream and started again. Every batch the broker acknowledged is stored exactly once,
 * and lineage, written only by the worker process, shows the agent feeding the measurement.
 */
const CLI = 'packages/cli/src/main.ts';
const BATCHES = 300;
const POINTS = 20;
const T0 = Date.UTC(2025, 0, 1);
const services = process.env.FF_TEST_DATABASE_URL && process.env.FF_TEST_REDIS_URL;

describe.skipIf(!services)('roles in separate processes (PostgreSQL, Redis, Mosquitto; runs in the --services suite)', () => {
  let database: TestDatabase;
  let mosquitto: MosquittoUnderTest;
  let dataDir: string;
  let env: Record<string, string | undefined>;
  const children = new Set<ChildScript>();

  beforeAll(async () => {
    database = await createTestDatabase();
    mosquitto = await startMosquitto();
    const dynsec = await createMosquittoDynsec({ url: mosquitto.url, ...mosquitto.admin });
    const service = { username: 'facilflow_roles_test', password: randomBytes(12).toString('hex') };
    await dynsec.createServiceClient({ name: service.username, password: service.password });
    await dynsec.close();
    dataDir = mkdtempSync(join(tmpdir(), 'ff-roles-'));
    env = {
      NODE_ENV: 'test',
      FACILFLOW_DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      REDIS_URL: process.env.FF_TEST_REDIS_URL,
      FACILFLOW_REDIS_PREFIX: `fftest_roles_${randomBytes(4).toString('hex')}:`,
      MQTT_URL: mosquitto.url,
      MQTT_USERNAME: service.username,
      MQTT_PASSWORD: service.password,
      MQTT_ADMIN_USERNAME: mosquitto.admin.username,
      MQTT_ADMIN_PASSWORD: mosquitto.admin.password,
      FACILFLOW_SECRET: 'roles-test-secret-roles-test-secret-0123456789',
      FIREBASE_PROJECT_ID: process.env.FF_TEST_PROJECT_ID,
      FIREBASE_AUTH_EMULATOR_HOST: process.env.FF_TEST_AUTH_EMULATOR_HOST,
      FACILFLOW_DEMO_PLANT: 'off',
      FACILFLOW_LOG_LEVEL: 'warn',
    };
  }, 120_000);
  afterAll(async () => {
    for (const { child } of children) child.kill('SIGKILL');
    await Promise.all([...children].map((running) => running.exited));
    await mosquitto?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  function run(args: readonly string[], extra: Record<string, string> = {}): ChildScript {
    const running = runScript(CLI, args, { ...env, ...extra });
    children.add(running);
    void running.exited.then(() => children.delete(running));
    return running;
  }

  async function cliJson(args: readonly string[]): Promise<Record<string, unknown>> {
    const running = run(args);
    const exit = await running.exited;
    const text = running.output();
    expect(exit, text).toEqual({ code: 0, signal: null });
    return JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as Record<string, unknown>;
  }

  async function serve(roles: string, port: number): Promise<ChildScript> {
    const running = run(['serve', '--roles', roles], { FACILFLOW_HTTP_PORT: String(port) });
    await running.lineStarting(`FacilFlow (${roles.split(',').join(', ')}) listening on`);
    return running;
  }

  async function eventually<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 90_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await probe().catch(() => null);
      if (found !== null) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it('streams through web+mcp+ingest, worker and scheduler processes; a SIGKILLed ingest process loses and doubles nothing', async () => {
    const created = await cliJson(['tenant', 'create', 'Roles Plant', '--owner', 'roles-owner@example.test']);
    const tenantId = (created.tenant as { id: string }).id;
    const issued = await cliJson(['apikey', 'create', '--tenant', tenantId, '--role', 'admin', '--name', 'roles test']);
    const apiKey = String(issued.secret);
    expect(apiKey).toMatch(/^ffk_/);

    const [frontPort, workerPort, schedulerPort] = [await freePort(), await freePort(), await freePort()];
    let front = await serve('web,mcp,ingest', frontPort);
    const worker = await serve('worker', workerPort);
    const scheduler = await serve('scheduler', schedulerPort);
    const frontUrl = `http://127.0.0.1:${frontPort}`;
    const call = (name: string, input: unknown = {}) => callRemote({ url: frontUrl, apiKey }, name, input);

    for (const [port, roles] of [[workerPort, ['worker']], [schedulerPort, ['scheduler']]] as const) {
      const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { roles: string[] };
      expect(health.roles).toEqual(roles);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status, await ready.clone().text()).toBe(200);
    }

    await call('schemas.create', { measurement: 'roles', fields: [{ name: 'v', type: 'number' }, { name: 'seq', type: 'number' }], requiredTags: ['run'] });
    const { enrollmentToken } = (await call('agents.enroll', { name: 'Roles gateway' })) as { enrollmentToken: string };
    const enrolled = await fetch(`${frontUrl}/api/agents/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: enrollmentToken, hostname: 'roles-gw', version: 'test' }) });
    expect(enrolled.status, await enrolled.clone().text()).toBe(200);
    const identity: EnrollResponse = enrollResponseSchema.parse(await enrolled.json());

    const client = await connectAgentClient(identity, { clean: false });
    const topic = agentTopic(identity.tenantId, identity.agentId, 'telemetry');
    const acked = new Set<number>();
    const publish = (seq: number) =>
      new Promise<void>((resolve, reject) => {
        const points = Array.from({ length: POINTS }, (_, index) => ({ m: 'roles', tags: { run: 'r1' }, f: { v: seq * 1000 + index, seq }, t: T0 + seq * POINTS + index }));
        client.publish(topic, JSON.stringify({ v: 1, agentId: identity.agentId, seq, sentAt: Date.now(), points }), { qos: 1 }, (error) => {
          if (error) reject(error);
          else {
            acked.add(seq);
            resolve();
          }
        });
      });

    for (let seq = 0; seq < BATCHES / 3; seq++) await publish(seq);
    // Mid-stream: what the broker acknowledged waits in the ingest receivers' persistent sessions.
    front.child.kill('SIGKILL');
    expect((await front.exited).signal).toBe('SIGKILL');
    for (let seq = BATCHES / 3; seq < BATCHES; seq++) await publish(seq);
    await client.endAsync();
    expect(acked.size).toBe(BATCHES);
    front = await serve('web,mcp,ingest', frontPort);

    type Query = { rows: unknown[][] };
    const perSeq = await eventually(async () => {
      const result = (await call('telemetry.query', { sql: 'SELECT seq, count(*) AS points FROM roles GROUP BY seq ORDER BY seq', maxRows: BATCHES + 1 })) as Query;
      return result.rows.length === BATCHES ? result.rows : null;
    }, 'every acknowledged batch to be stored');
    const wrong = perSeq.filter(([, points]) => Number(points) !== POINTS);
    expect(wrong, 'batches not stored exactly once').toEqual([]);
    expect(perSeq.map(([seq]) => Number(seq))).toEqual([...acked].sort((a, b) => a - b));

    // Only the worker process runs the consumers: lineage from this agent proves it read the stream.
    const graph = await eventually(async () => {
      const found = (await call('lineage.graph', { nodeId: `agent:${identity.agentId}`, direction: 'downstream' })) as { nodes: Array<{ id: string; kind: string }> };
      return found.nodes.some((node) => node.kind === 'measurement') ? found : null;
    }, 'lineage written by the worker');
    expect(graph.nodes.map((node) => node.kind)).toContain('agent');
    const consumers = await eventually(async () => {
      const found = (await call('telemetry.consumers')) as { stream: string; consumers: Array<{ name: string; lagBatches: number; processedBatches: number }> };
      return found.consumers.length >= 2 && found.consumers.every((consumer) => consumer.lagBatches === 0) ? found : null;
    }, 'the consumers to catch up');
    expect(consumers.stream).toBe('redis');
    expect(consumers.consumers.map((consumer) => consumer.name).sort()).toEqual(['alerts', 'lineage', 'pipelines', 'quality']);
    for (const consumer of consumers.consumers) expect(consumer.processedBatches, consumer.name).toBeGreaterThan(0);

    for (const running of [front, worker, scheduler]) running.child.kill('SIGTERM');
    for (const running of [front, worker, scheduler]) expect(await running.exited, running.output()).toEqual({ code: 0, signal: null });
  }, 300_000);
});
