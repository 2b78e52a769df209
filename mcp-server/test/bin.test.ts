import { once } from 'node:events';
import { freePort } from '@facilflow/testkit';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runBin, spawnBin } from './support/bin.ts';
import { prepareStore, type PreparedStore } from './support/prepared-store.ts';

let store: PreparedStore;

beforeAll(async () => {
  store = await prepareStore('viewer');
});
afterAll(() => store?.close());

describe('facilflow-mcp command line', () => {
  it('--help prints the modes and a Claude Desktop snippet for this very bin', async () => {
    const run = await runBin(['--help'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('facilflow-mcp --http');
    const snippet = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      mcpServers: { facilflow: { command: string; args: string[]; env: Record<string, string> } };
    };
    expect(snippet.mcpServers.facilflow).toMatchObject({ command: process.execPath, args: [BIN] });
    expect(Object.keys(snippet.mcpServers.facilflow.env).sort()).toEqual(['FACILFLOW_API_KEY', 'FACILFLOW_URL']);
  });

  it('refuses an unknown argument', async () => {
    const run = await runBin(['--nope'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown argument --nope');
  });

  it.each([
    [['--toolsets', 'agents,nope'], 'Unknown toolset nope: choose from all, default, agents'],
    [['--toolsets=agents,,runs'], 'Malformed toolsets'],
    [['--toolsets'], '--toolsets needs a value'],
    [['--read-only=maybe'], 'Malformed read-only value "maybe"'],
    [['--http', '--read-only'], 'X-MCP-Readonly'],
  ])('%j stops the server before it starts, saying why', async (args, message) => {
    const run = await runBin(args, { ...store.env, FACILFLOW_API_KEY: store.apiKey });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it.each([
    ['in-process', {}],
    ['relay', { FACILFLOW_URL: 'http://127.0.0.1:1' }],
  ])('%s stdio without FACILFLOW_API_KEY says so on stderr and nothing on stdout', async (_mode, env) => {
    const run = await runBin([], { ...store.env, ...env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('FACILFLOW_API_KEY is not set');
    expect(run.stdout).toBe('');
  });

  it('in-process stdio with a key the store does not know says it was refused', async () => {
    const run = await runBin([], { ...store.env, FACILFLOW_API_KEY: `ffk_${'a'.repeat(16)}_${'b'.repeat(43)}` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('FACILFLOW_API_KEY was refused: Unknown API key');
    expect(run.stdout).toBe('');
  });

  it('relay stdio names FACILFLOW_URL when nothing answers there', async () => {
    const run = await runBin([], { FACILFLOW_URL: `http://127.0.0.1:${await freePort()}`, FACILFLOW_API_KEY: store.apiKey });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot reach FacilFlow');
    expect(run.stderr).toContain('FACILFLOW_URL');
    expect(run.stdout).toBe('');
  });

  it('relay stdio refuses a FACILFLOW_URL that is not a URL', async () => {
    const run = await runBin([], { FACILFLOW_URL: 'not a url', FACILFLOW_API_KEY: store.apiKey });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('FACILFLOW_URL is not a URL');
  });

  it('--http refuses a FACILFLOW_MCP_PORT that is no port', async () => {
    const run = await runBin(['--http'], { ...store.env, FACILFLOW_MCP_PORT: 'eighty' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('FACILFLOW_MCP_PORT');
  });

  it('stdio exits 0 by itself once the client closes its stdin, having written only protocol to stdout', async () => {
    const child = spawnBin([], { ...store.env, FACILFLOW_API_KEY: store.apiKey });
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = once(child, 'exit');
    const initialize = { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '0.0.0' } };
    child.stdin?.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: initialize })}\n`);
    while (!stdout.endsWith('\n')) await once(child.stdout!, 'data');
    child.stdin?.end();

    expect(await exited).toEqual([0, null]);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: number; result: { serverInfo: { name: string } } });
    expect(lines).toEqual([expect.objectContaining({ jsonrpc: '2.0', id: 1, result: expect.objectContaining({ serverInfo: expect.objectContaining({ name: 'facilflow' }) }) })]);
  });
});
