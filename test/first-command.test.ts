import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { lineageGraphOutput, lineageNodeIds, telemetryQueryOutput } from '@facilflow/contracts';
import { freePort } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const OVEN2_ZONE1 = 'ns=1;s=AcmeFoods.Riverside.Baking.Line1.Oven2.ZoneTemperature1';

let dataDir: string;
let start: ChildProcess;
let output = '';
let baseUrl: string;
let apiKey: string;

/** Resolves once `predicate` holds for what the process printed; rejects if it exits first. */
function printed(predicate: (text: string) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (predicate(output)) {
        start.stdout?.off('data', check);
        start.off('exit', exited);
        resolve();
      }
    };
    const exited = (code: number | null) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`));
    start.stdout?.on('data', check);
    start.once('exit', exited);
    check();
  });
}

async function trpc(operation: string, input: unknown): Promise<unknown> {
  const url = `${baseUrl}/api/trpc/${operation}?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
  const body = (await response.json()) as { result?: { data: unknown }; error?: { message: string } };
  if (!body.result) throw new Error(`${operation}: ${body.error?.message ?? response.status}`);
  return body.result.data;
}

async function eventually<T>(probe: () => Promise<T | null>, what: string): Promise<T> {
  let last: unknown = null;
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const found = await probe();
      if (found !== null) return found;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`still no ${what} after a minute (${String(last)})\n${output}`);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ff-first-command-'));
  const [http, mqtt, opcua] = [await freePort(), await freePort(), await freePort()];
  baseUrl = `http://127.0.0.1:${http}`;
  start = spawn(process.execPath, ['scripts/start.mjs'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      FACILFLOW_DATA_DIR: dataDir,
      FACILFLOW_HTTP_PORT: String(http),
      FACILFLOW_MQTT_PORT: String(mqtt),
      FACILFLOW_DEMO_OPCUA_PORT: String(opcua),
      // The run's Auth emulator stands in for the one npm start would boot (the same code path as an external emulator).
      FIREBASE_AUTH_EMULATOR_HOST: process.env.FF_TEST_AUTH_EMULATOR_HOST,
      FIREBASE_PROJECT_ID: process.env.FF_TEST_PROJECT_ID,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  start.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  start.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await printed((text) => text.includes('Press Ctrl-C to stop.'));
  apiKey = (await readFile(join(dataDir, 'demo-api-key'), 'utf8')).trim();
}, 180_000);

afterAll(async () => {
  if (start && start.exitCode === null) {
    const exited = new Promise((resolve) => start.once('exit', resolve));
    start.kill('SIGINT');
    await exited;
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the first command (npm start)', () => {
  it('prints the demo plant, its agent and ready-to-paste queries', () => {
    expect(output).toMatch(/Demo plant: 43 OPC UA tags at opc\.tcp:\/\/127\.0\.0\.1:\d+ \(simulator\), read by edge agent ag_\w+/);
    expect(output).toContain('facilflow call telemetry.query');
    expect(output).toContain('facilflow call lineage.graph');
  });

  it('streams the plant: a 1-minute average of Oven2 ZoneTemperature1 by SQL, near its 210 °C setpoint', async () => {
    const sql = "SELECT time_bucket(INTERVAL '1 minute', time) AS minute, avg(ZoneTemperature1) AS zone1, count(ZoneTemperature1) AS n FROM oven WHERE machine = 'Oven2' GROUP BY minute ORDER BY minute";
    const result = await eventually(async () => {
      const out = telemetryQueryOutput.parse(await trpc('telemetry.query', { sql }));
      return out.rows.length > 0 ? out : null;
    }, 'Oven2 rows');
    const [, zone1, n] = result.rows[0] as [string, number, number];
    expect(n).toBeGreaterThan(0);
    expect(zone1).toBeGreaterThan(200);
    expect(zone1).toBeLessThan(220);
  });

  it('traces Oven2 ZoneTemperature1 back through its source to the enrolled agent', async () => {
    const agentId = /read by edge agent (ag_\w+)/.exec(output)?.[1] ?? '';
    const tag = lineageNodeIds.tag(agentId, 'riverside', OVEN2_ZONE1);
    const graph = await eventually(async () => lineageGraphOutput.parse(await trpc('lineage.graph', { nodeId: tag, direction: 'upstream' })), 'lineage');
    expect(graph.nodes.map((n) => [n.id, n.depth])).toEqual(
      expect.arrayContaining([
        [lineageNodeIds.source(agentId, 'riverside'), 1],
        [lineageNodeIds.agent(agentId), 2],
      ]),
    );
  });

  it('answers the CLI beside it (facilflow call), with the two-step confirmation of a destructive operation', async () => {
    const cli = async (...args: string[]) =>
      (await run(process.execPath, ['packages/cli/bin/facilflow.mjs', 'call', ...args], { env: { ...process.env, FACILFLOW_URL: baseUrl, FACILFLOW_API_KEY: apiKey } })).stdout;
    const latest = JSON.parse(await cli('telemetry.latest', '{"measurement":"oven"}')) as { values: Array<{ tags: Record<string, string>; field: string }> };
    expect(latest.values).toContainEqual(expect.objectContaining({ field: 'ZoneTemperature1', tags: expect.objectContaining({ machine: 'Oven2' }) }));

    const issued = JSON.parse(await cli('apiKeys.create', '{"name":"short-lived","role":"viewer"}')) as { apiKey: { id: string } };
    const asked = await cli('apiKeys.revoke', JSON.stringify({ id: issued.apiKey.id })).then(
      () => null,
      (error: { stderr: string }) => error.stderr,
    );
    const token = /--confirm (\S+)/.exec(asked ?? '')?.[1];
    expect(token, asked ?? 'no refusal').toBeDefined();
    expect(JSON.parse(await cli('apiKeys.revoke', JSON.stringify({ id: issued.apiKey.id }), '--confirm', token!))).toMatchObject({ apiKey: { id: issued.apiKey.id } });
  });
});
