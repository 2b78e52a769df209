import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBin } from './support/bin.ts';
import { callTool, connectHttp, postInitialize } from './support/mcp-clients.ts';
import { prepareStore, type PreparedStore } from './support/prepared-store.ts';

let store: PreparedStore;
let server: ChildProcess;
let stderr = '';
let endpoint: URL;
let client: Client;

/** The standalone server reports its endpoint on stderr once it listens; port 0 lets the OS pick a free one. */
function endpointOf(child: ChildProcess): Promise<URL> {
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /MCP endpoint (\S+)/.exec(stderr);
      if (match?.[1]) resolve(new URL(match[1]));
    });
    child.once('exit', () => reject(new Error(`The HTTP server exited without listening:\n${stderr}`)));
  });
}

beforeAll(async () => {
  store = await prepareStore('viewer');
  server = spawnBin(['--http'], { ...store.env, FACILFLOW_MCP_PORT: '0', FACILFLOW_HOST: '127.0.0.1' });
  endpoint = await endpointOf(server);
  client = await connectHttp(endpoint, store.apiKey);
});
afterAll(async () => {
  await client?.close();
  if (server && server.exitCode === null) {
    const exited = once(server, 'exit');
    server.kill('SIGTERM');
    await exited;
  }
  await store?.close();
});

describe('facilflow-mcp --http', () => {
  it('serves MCP at /mcp on 127.0.0.1 for an API key', async () => {
    expect(endpoint.hostname).toBe('127.0.0.1');
    expect(endpoint.pathname).toBe('/mcp');
    const result = await callTool(client, 'tenants_get');
    expect(result.structuredContent, stderr).toMatchObject({ tenant: { id: store.tenantId }, role: 'viewer' });
  });

  it('refuses a request without a credential', async () => {
    expect((await postInitialize(endpoint)).status).toBe(401);
  });

  it('answers /healthz', async () => {
    const res = await fetch(new URL('/healthz', endpoint));
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('closes and exits 0 on SIGTERM', async () => {
    await client.close();
    const exited = once(server, 'exit');
    server.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
  });
});
