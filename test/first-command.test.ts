import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { lineageGraphOutput, lineageNodeIds } from '@facilflow/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, oven2Zone1ByMinute, startFirstCommand, type FirstCommand } from './support/first-command.ts';

const run = promisify(execFile);
const OVEN2_ZONE1 = 'ns=1;s=AcmeFoods.Riverside.Baking.Line1.Oven2.ZoneTemperature1';

let dataDir: string;
let start: FirstCommand;
let output: string;
let baseUrl: string;
let apiKey: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ff-first-command-'));
  start = await startFirstCommand({ cwd: process.cwd(), dataDir });
  ({ baseUrl, apiKey } = start);
  output = start.output();
}, 180_000);

afterAll(async () => {
  await start?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

describe('the first command (npm start)', () => {
  it('prints the demo plant, its agent and ready-to-paste queries', () => {
    expect(output).toMatch(/Demo plant: 43 OPC UA tags at opc\.tcp:\/\/127\.0\.0\.1:\d+ \(simulator\), read by edge agent ag_\w+/);
    expect(output).toContain('facilflow call telemetry.query');
    expect(output).toContain('facilflow call lineage.graph');
  });

  it('streams the plant: a 1-minute average of Oven2 ZoneTemperature1 by SQL, near its 210 °C setpoint', async () => {
    const result = await oven2Zone1ByMinute(start);
    const [, zone1, n] = result.rows[0] as [string, number, number];
    expect(n).toBeGreaterThan(0);
    expect(zone1).toBeGreaterThan(200);
    expect(zone1).toBeLessThan(220);
  });

  it('traces Oven2 ZoneTemperature1 back through its source to the enrolled agent', async () => {
    const agentId = /read by edge agent (ag_\w+)/.exec(output)?.[1] ?? '';
    const tag = lineageNodeIds.tag(agentId, 'riverside', OVEN2_ZONE1);
    const graph = await eventually(async () => lineageGraphOutput.parse(await start.trpc('lineage.graph', { nodeId: tag, direction: 'upstream' })), 'lineage', start.output);
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
