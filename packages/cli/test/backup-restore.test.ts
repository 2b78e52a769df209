import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { enrollResponseSchema, type EnrollResponse } from '@facilflow/contracts';
import { LOCAL_BACKUP_PATH, localControlToken, type BackupManifest } from '@facilflow/platform';
import { freePort } from '@facilflow/testkit';
import { connectAgentClient } from '@facilflow/testkit/agent-client';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRemote } from '../src/commands/call-remote.ts';

const bin = fileURLToPath(new URL('../bin/facilflow.mjs', import.meta.url));
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);
const POINTS_PER_BATCH = 10;
const OVEN_SCHEMA = {
  measurement: 'oven',
  fields: [{ name: 'ZoneTemperature1', type: 'number', unit: 'degC' }],
  requiredTags: ['machine'],
};

type Env = NodeJS.ProcessEnv & Record<string, string>;

interface RunningServer {
  url: string;
  env: Env;
  stop(): Promise<void>;
}

const scratch: string[] = [];
const servers: RunningServer[] = [];
const newDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};

function envFor(dataDir: string): Env {
  return {
    NODE_ENV: 'test',
    PATH: process.env.PATH ?? '',
    FACILFLOW_DATA_DIR: dataDir,
    FIREBASE_PROJECT_ID: process.env.FF_TEST_PROJECT_ID!,
    FIREBASE_AUTH_EMULATOR_HOST: process.env.FF_TEST_AUTH_EMULATOR_HOST!,
  };
}

const cli = async (env: Env, ...args: string[]) => (await run(process.execPath, [bin, ...args], { env })).stdout;
const cliRefusal = (env: Env, ...args: string[]) =>
  cli(env, ...args).then(
    (stdout) => `unexpectedly succeeded: ${stdout}`,
    (error: { stderr: string }) => error.stderr,
  );

/** The real server (`app/server/main.ts`) in a process of its own, as `npm start` runs it, on `dataDir`. */
async function startServer(dataDir: string, extra: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const env: Env = { ...envFor(dataDir), FACILFLOW_HTTP_PORT: String(port), FACILFLOW_MQTT_PORT: String(await freePort()), FACILFLOW_ROLES: 'web,ingest', ...extra };
  const child: ChildProcess = spawn(process.execPath, ['--conditions=facilflow-source', '--import', 'tsx', 'app/server/main.ts'], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) resolve();
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    void exited.then(() => reject(new Error(`the server exited before listening:\n${output}`)));
  });
  const server = {
    url: `http://127.0.0.1:${port}`,
    env,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  servers.push(server);
  return server;
}

/** Batches of POINTS_PER_BATCH points, one timestamp per point, so batch `seq` owns a known time range. */
function batch(agentId: string, seq: number): string {
  const points = Array.from({ length: POINTS_PER_BATCH }, (_, i) => ({
    m: 'oven',
    tags: { machine: 'Oven2' },
    f: { ZoneTemperature1: seq * POINTS_PER_BATCH + i },
    t: 1_700_000_000_000 + seq * 1000 + i,
  }));
  return JSON.stringify({ v: 1, agentId, seq, sentAt: Date.now(), points });
}

/** QoS 1: the PUBACK comes once the points are durable in the tenant's store. */
function publishDurably(client: MqttClient, topic: string, payload: string): Promise<void> {
  return new Promise((resolve, reject) => client.publish(topic, payload, { qos: 1 }, (error) => (error ? reject(error) : resolve())));
}

let source: RunningServer;
let apiKey: string;
let tenantId: string;
let agent: EnrollResponse;
let client: MqttClient;
let acked = 0;

beforeAll(async () => {
  const dataDir = newDir('ff-backup-src-');
  const env = envFor(dataDir);
  tenantId = (JSON.parse(await cli(env, 'tenant', 'create', 'Backup Bakery', '--owner', `backup-${Date.now()}@example.test`)) as { tenant: { id: string } }).tenant.id;
  apiKey = (JSON.parse(await cli(env, 'apikey', 'create', '--tenant', tenantId, '--role', 'admin')) as { secret: string }).secret;
  // Bound to every interface, so a caller on this machine's LAN address can be told apart from loopback.
  source = await startServer(dataDir, { FACILFLOW_HTTP_HOST: '0.0.0.0', FACILFLOW_ALLOWED_HOSTS: '*' });
  const target = { url: source.url, apiKey };
  await callRemote(target, 'schemas.create', OVEN_SCHEMA);
  const enrolled = (await callRemote(target, 'agents.enroll', { name: 'backup gateway' })) as { enrollmentToken: string };
  const redeemed = await fetch(`${source.url}/api/agents/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: enrolled.enrollmentToken, hostname: 'gateway', version: 'test' }),
  });
  agent = enrollResponseSchema.parse(await redeemed.json());
  client = await connectAgentClient(agent);
  for (let seq = 1; seq <= 5; seq++) await publishDurably(client, telemetryTopic(), batch(agent.agentId, seq));
  acked = 5;
}, 240_000);

afterAll(async () => {
  await client?.endAsync();
  await Promise.all(servers.map((server) => server.stop()));
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

const telemetryTopic = () => `ff/v1/${tenantId}/agents/${agent.agentId}/telemetry`;
/** Values grow with the batch number, so `upTo` cuts the series where a snapshot ended. */
const rowsUpTo = (server: RunningServer, upTo: number | null) =>
  callRemote({ url: server.url, apiKey }, 'telemetry.query', {
    sql: `SELECT time, machine, ZoneTemperature1 FROM oven ${upTo === null ? '' : `WHERE ZoneTemperature1 <= ${upTo}`} ORDER BY time`,
    maxRows: 100_000,
  }) as Promise<{ rows: unknown[][]; truncated: boolean }>;

describe('facilflow backup and restore (embedded defaults)', () => {
  let backupDir: string;
  let restored: RunningServer;

  it('backs up through the running server while ingest goes on, and a server on the restored data dir answers the same', async () => {
    backupDir = join(newDir('ff-backup-out-'), 'backup');
    let writing = true;
    const writer = (async () => {
      while (writing) await publishDurably(client, telemetryTopic(), batch(agent.agentId, ++acked));
    })();
    const ackedBefore = acked;
    let output: string;
    try {
      output = await cli(source.env, 'backup', '--out', backupDir);
    } finally {
      writing = false;
    }
    const ackedDuring = acked - ackedBefore;
    await writer;
    const summary = JSON.parse(output) as { takenBy: string; tenants: Array<{ tenantId: string; rows: number }> };

    expect(summary.takenBy).toBe('server');
    expect(ackedDuring, 'batches were acknowledged while the backup ran').toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(manifest.files.map((f) => f.kind).sort()).toEqual(['platform-database', 'secret', 'tenant-timeseries']);

    const dataDir = newDir('ff-backup-dst-');
    await cli(envFor(dataDir), 'restore', backupDir);
    restored = await startServer(dataDir);
    const restoredRows = await rowsUpTo(restored, null);
    // One snapshot: whole batches only (a batch commits in one transaction), none acknowledged after the backup ended.
    expect(restoredRows.truncated).toBe(false);
    expect(restoredRows.rows.length % POINTS_PER_BATCH).toBe(0);
    expect(restoredRows.rows.length).toBeGreaterThanOrEqual(ackedBefore * POINTS_PER_BATCH);
    expect(restoredRows.rows.length).toBeLessThanOrEqual((ackedBefore + ackedDuring) * POINTS_PER_BATCH);
    expect(summary.tenants).toEqual([{ tenantId, tables: expect.any(Number) as number, rows: expect.any(Number) as number }]);

    // The source kept ingesting after the snapshot: up to the snapshot's last point it holds exactly the same rows.
    const lastValue = Number(restoredRows.rows.at(-1)![2]);
    expect(await rowsUpTo(source, lastValue)).toMatchObject({ rows: restoredRows.rows });
    const same = async (name: string, input: unknown = {}) => {
      const [before, after] = await Promise.all([callRemote({ url: source.url, apiKey }, name, input), callRemote({ url: restored.url, apiKey }, name, input)]);
      expect(after, name).toEqual(before);
    };
    await same('schemas.list');
    await same('audit.list');
    expect(readFileSync(join(dataDir, 'secret'), 'utf8')).toBe(readFileSync(join(source.env.FACILFLOW_DATA_DIR!, 'secret'), 'utf8'));
  }, 300_000);

  it('refuses a non-empty data dir without --force, and any data dir a server holds, even with --force', async () => {
    const occupied = restored.env.FACILFLOW_DATA_DIR!;
    expect(await cliRefusal(envFor(occupied), 'restore', backupDir)).toContain('is in use by process');
    expect(await cliRefusal(envFor(occupied), 'restore', backupDir, '--force')).toContain('is in use by process');

    const other = newDir('ff-backup-other-');
    writeFileSync(join(other, 'notes.txt'), 'keep me?');
    expect(await cliRefusal(envFor(other), 'restore', backupDir)).toContain('is not empty');
    await cli(envFor(other), 'restore', backupDir, '--force');
    expect(existsSync(join(other, 'notes.txt'))).toBe(false);
    expect(existsSync(join(other, 'pglite'))).toBe(true);

    // No server holds `other`: the CLI opens it itself, and the copy holds what was restored.
    const offline = JSON.parse(await cli(envFor(other), 'backup', '--out', join(newDir('ff-backup-offline-'), 'b'))) as { takenBy: string; tenants: unknown[] };
    const original = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(offline.takenBy).toBe('offline');
    expect(offline.tenants).toEqual(original.files.filter((f) => f.tenantId).map((f) => ({ tenantId: f.tenantId, tables: f.tables, rows: f.rows })));
  }, 120_000);

  it('refuses a backup whose files do not match the manifest, before touching the data dir', async () => {
    const tampered = join(newDir('ff-backup-tampered-'), 'backup');
    cpSync(backupDir, tampered, { recursive: true });
    const file = join(tampered, 'timeseries', `${tenantId}.duckdb`);
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    writeFileSync(file, bytes);
    const dataDir = newDir('ff-backup-victim-');
    expect(await cliRefusal(envFor(dataDir), 'restore', tampered)).toContain(`timeseries/${tenantId}.duckdb in ${tampered} does not match its checksum`);
    expect(existsSync(join(dataDir, 'pglite'))).toBe(false);

    rmSync(join(tampered, 'manifest.json'));
    expect(await cliRefusal(envFor(dataDir), 'restore', tampered)).toContain('holds no manifest.json');
  }, 120_000);

  it("answers the backup endpoint only on loopback and only with the data dir's secret", async () => {
    const secret = readFileSync(join(source.env.FACILFLOW_DATA_DIR!, 'secret'), 'utf8').trim();
    const ask = (base: string, token: string | undefined, out = join(newDir('ff-backup-probe-'), 'b')) =>
      fetch(`${base}${LOCAL_BACKUP_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
        body: JSON.stringify({ out }),
      });
    expect((await ask(source.url, undefined)).status).toBe(401);
    expect((await ask(source.url, localControlToken('not the secret of this data dir'))).status).toBe(401);
    expect((await ask(source.url, apiKey)).status).toBe(401);
    const relayed = await fetch(`${source.url}${LOCAL_BACKUP_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${localControlToken(secret)}`, 'x-forwarded-for': '203.0.113.9' },
      body: '{}',
    });
    expect(relayed.status).toBe(403);
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
    if (lan) expect((await ask(source.url.replace('127.0.0.1', lan), localControlToken(secret))).status).toBe(403);
    expect((await ask(source.url, localControlToken(secret))).status).toBe(200);
  }, 120_000);
});
