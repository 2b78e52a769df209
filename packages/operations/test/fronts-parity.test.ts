import { ROLES } from '@facilflow/contracts';
import { mayUse, takesPrincipal, toolName } from '@facilflow/operations';
import { jarvisToolSpecs } from '@facilflow/operations/jarvis';
import { registerOperationTools } from '@facilflow/operations/mcp';
import { restRoutes } from '@facilflow/operations/rest';
import { createTrpcRouter } from '@facilflow/operations/trpc';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realMember } from './fixtures.ts';

let t: TestPlatform;
let tenantId: string;

beforeAll(async () => {
  t = await createTestPlatform();
  ({ tenantId } = await t.createTenant('Parity Plant'));
});
afterAll(() => t?.close());

describe('the four fronts expose the same operations', () => {
  it.each(ROLES)('for a %s', async (role) => {
    const principal = await realMember(t, tenantId, role);

    const server = new McpServer({ name: 'parity', version: '0' });
    registerOperationTools(server, t.runtime, principal);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'parity-test', version: '0' });
    await client.connect(clientSide);
    const { tools } = await client.listTools();
    await client.close();
    await server.close();

    const router = createTrpcRouter(t.runtime);
    const trpcNames = Object.keys(router._def.procedures)
      .filter((path) => mayUse(principal, t.runtime.registry.get(path)!))
      .map(toolName);
    const jarvisNames = jarvisToolSpecs(t.runtime, principal).map((s) => s.name);
    const mcpNames = tools.map((tool) => tool.name);
    const restNames = restRoutes(t.runtime.registry)
      .filter((route) => mayUse(principal, route.operation))
      .map((route) => toolName(route.operation.name));

    expect(mcpNames.sort()).toEqual(jarvisNames.sort());
    expect(trpcNames.sort()).toEqual(jarvisNames);
    expect(restNames.sort()).toEqual(jarvisNames);
    // Agents publish telemetry over MQTT; no operation is theirs yet.
    if (role !== 'agent') expect(jarvisNames.length).toBeGreaterThan(0);
  });

  it('tRPC serves every operation a principal calls', () => {
    const router = createTrpcRouter(t.runtime);
    expect(Object.keys(router._def.procedures).sort()).toEqual(t.runtime.registry.list().filter(takesPrincipal).map((op) => op.name));
  });

  it('REST serves every operation a principal calls, at /<resource>/<action>', () => {
    const routes = restRoutes(t.runtime.registry);
    expect(routes.map((route) => route.operation.name).sort()).toEqual(t.runtime.registry.list().filter(takesPrincipal).map((op) => op.name));
    for (const route of routes) expect(route.path).toBe(`/${route.operation.name.replace('.', '/')}`);
    expect(routes.map((route) => route.operation.name)).not.toContain('agents.redeemEnrollment');
  });

  it('offers a credential-scoped operation on no front: agents redeem their token at their own endpoint', async () => {
    const credentialScoped = t.runtime.registry.list().filter((op) => !takesPrincipal(op)).map((op) => op.name);
    expect(credentialScoped).toEqual(['agents.redeemEnrollment', 'pipelines.receiveWebhook']);
    const router = createTrpcRouter(t.runtime);
    for (const role of ROLES) {
      const principal = await realMember(t, tenantId, role);
      expect(jarvisToolSpecs(t.runtime, principal).map((s) => s.name)).not.toContain(toolName('agents.redeemEnrollment'));
    }
    expect(Object.keys(router._def.procedures)).not.toContain('agents.redeemEnrollment');
  });

  it('MCP tools carry hints and output schemas from the definitions', async () => {
    const principal = t.runtime.available(await realMember(t, tenantId, 'owner'));
    const server = new McpServer({ name: 'hints', version: '0' });
    registerOperationTools(server, t.runtime, await realMember(t, tenantId, 'owner'));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'hints-test', version: '0' });
    await client.connect(clientSide);
    const { tools } = await client.listTools();
    await client.close();
    await server.close();
    for (const op of principal) {
      const tool = tools.find((x) => x.name === toolName(op.name))!;
      expect(tool.annotations).toMatchObject({ readOnlyHint: op.effect === 'read', destructiveHint: op.effect === 'destructive' });
      expect(tool.outputSchema?.type).toBe('object');
      expect(Object.keys(tool.outputSchema?.properties ?? {}).sort()).toEqual(Object.keys(op.output.shape).sort());
      if (op.effect === 'destructive') expect(Object.keys(tool.inputSchema.properties ?? {})).toContain('confirmationToken');
    }
  });

  it('Jarvis tool specs are valid Anthropic tool definitions', async () => {
    const specs = jarvisToolSpecs(t.runtime, await realMember(t, tenantId, 'owner'));
    for (const spec of specs) {
      expect(spec.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(spec.input_schema.type).toBe('object');
      expect(spec.description.length).toBeGreaterThan(20);
    }
  });
});
