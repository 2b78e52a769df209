import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { createRegistry, mayUse, operations, toolName } from '@facilflow/operations';
import { inDefaultToolset } from '@facilflow/operations/mcp';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './support/bin.ts';
import { seedDemoPlantTelemetry } from './support/demo-plant-telemetry.ts';
import { apiKeyId, resultJson } from './support/mcp-clients.ts';
import { prepareStore, type PreparedStore } from './support/prepared-store.ts';

// The Inspector pinned in the root devDependencies. Its `--cli` entry is a copy of its dependency
// @modelcontextprotocol/inspector-cli (same files), but imports a `commander` it does not declare:
// in this tree that resolves to firebase-tools' hoisted commander 5, which lacks what it calls. The
// dependency's own copy, with its declared commander 13, is what `npx …inspector@0.15.0 --cli` runs.
const inspectorPackage = createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector/package.json');
const INSPECTOR = join(dirname(createRequire(inspectorPackage).resolve('@modelcontextprotocol/inspector-cli/package.json')), 'build/cli.js');
const run = promisify(execFile);

let store: PreparedStore;
let seeded: Awaited<ReturnType<typeof seedDemoPlantTelemetry>>;

beforeAll(async () => {
  store = await prepareStore('admin');
  seeded = await seedDemoPlantTelemetry(store.env, store.apiKey, 10);
}, 120_000);
afterAll(() => store?.close());

/** The newcomer's command line: the Inspector CLI starting the stdio bin with the key and the store as `-e` variables. */
async function inspect(method: string[]): Promise<unknown> {
  const variables = Object.entries({ ...store.env, FACILFLOW_API_KEY: store.apiKey }).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
  const { stdout } = await run(process.execPath, [INSPECTOR, '--cli', ...variables, process.execPath, BIN, ...method], { cwd: tmpdir(), timeout: 90_000 });
  return JSON.parse(stdout);
}

describe('the MCP Inspector CLI against the stdio bin', () => {
  it('lists the default toolset the key may use', async () => {
    const { tools } = (await inspect(['--method', 'tools/list'])) as { tools: Tool[] };
    const principal = { actor: { type: 'apiKey' as const, keyId: apiKeyId(store.apiKey), name: 'stdio test' }, tenantId: store.tenantId, role: 'admin' as const };
    const expected = createRegistry(operations)
      .list()
      .filter((op) => mayUse(principal, op) && inDefaultToolset(op))
      .map((op) => toolName(op.name));
    expect(tools.map((tool) => tool.name).sort()).toEqual(expected.sort());
    expect(tools.map((tool) => tool.name)).toContain('telemetry_query');
  }, 120_000);

  it('runs a query against the demo plant and gets its ovens back', async () => {
    const sql = 'SELECT machine, count(*) AS samples, round(avg(ZoneTemperature1), 1) AS zone1 FROM oven GROUP BY machine ORDER BY machine';
    const result = (await inspect(['--method', 'tools/call', '--tool-name', 'telemetry_query', '--tool-arg', `sql=${sql}`])) as CallToolResult;
    expect(result.isError ?? false, JSON.stringify(result)).toBe(false);
    const answer = resultJson(result) as { columns: Array<{ name: string }>; rows: unknown[][] };
    expect(answer.columns.map((column) => column.name)).toEqual(['machine', 'samples', 'zone1']);
    const ovens = seeded.machines('oven');
    expect(ovens.length).toBeGreaterThan(1);
    expect(answer.rows.map((row) => row[0])).toEqual(ovens);
    for (const [, samples, zone1] of answer.rows) {
      expect(Number(samples)).toBeGreaterThan(0);
      expect(typeof zone1).toBe('number');
    }
  }, 120_000);
});
