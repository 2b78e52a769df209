import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_TOOLSET_LIMIT, inDefaultToolset, toolsetNames } from '../src/adapters/mcp/toolsets.ts';
import { compactJsonSchema, limitSchemaDepth } from '../src/runtime/compact-json-schema.ts';
import { mayUse } from '../src/runtime/authorize.ts';
import { operationTool } from '../src/runtime/tool-catalog.ts';
import { createRegistry } from '../src/registry.ts';
import { operations } from '../src/operations/index.ts';
import { takesPrincipal } from '../src/define-operation.ts';
import type { Principal, Role } from '@facilflow/contracts';

const registry = createRegistry(operations);
// A signed-in person also gets the user-scoped tools (tenants.listMine): the largest default list.
const personOf = (role: Role): Principal => ({ actor: { type: 'user', uid: 'u', email: 'u@example.test' }, tenantId: 't', role });
const listBytes = (principal: Principal, chosen: (op: (typeof operations)[number]) => boolean) =>
  Buffer.byteLength(JSON.stringify({ tools: registry.list().filter((op) => mayUse(principal, op) && chosen(op)).map(operationTool) }));

describe('the MCP tool catalog', () => {
  it('keeps the default tools/list within 30 KB for every role, and the default within 40 tools', () => {
    for (const role of ['owner', 'admin', 'operator', 'viewer'] as const) {
      expect(listBytes(personOf(role), inDefaultToolset), role).toBeLessThanOrEqual(30 * 1024);
    }
    expect(registry.list().filter(inDefaultToolset).length).toBeLessThanOrEqual(DEFAULT_TOOLSET_LIMIT);
  });

  it('gives every tool a title, a description, input and output schemas and all three hints', () => {
    for (const op of registry.list().filter(takesPrincipal)) {
      const tool = operationTool(op);
      expect(tool.title, op.name).not.toBe('');
      expect(tool.description.length, op.name).toBeGreaterThan(20);
      expect(tool.inputSchema.type, op.name).toBe('object');
      expect(tool.outputSchema.type, op.name).toBe('object');
      expect(Object.keys(tool.outputSchema.properties as object).sort(), op.name).toEqual(Object.keys(op.output.shape).sort());
      expect(tool.annotations, op.name).toEqual({
        readOnlyHint: op.effect === 'read',
        destructiveHint: op.effect === 'destructive',
        idempotentHint: op.effect === 'read',
        openWorldHint: false,
      });
      expect(JSON.stringify(tool), op.name).not.toContain('$schema');
    }
  });

  it('has a toolset per resource, and the default holds no destructive tool', () => {
    expect(toolsetNames(registry)).toEqual(expect.arrayContaining(['agents', 'apiKeys', 'pipelines', 'runs', 'telemetry']));
    expect(registry.list().filter((op) => inDefaultToolset(op) && op.effect === 'destructive')).toEqual([]);
  });

  it('writes zod\'s nullable, date-time and safe-integer shapes compactly, as the same constraint', () => {
    const zodSchema = z.toJSONSchema(z.object({ at: z.iso.datetime().nullable(), n: z.number().int(), state: z.enum(['a', 'b']).nullable() }), { io: 'input' });
    expect(compactJsonSchema(zodSchema, { io: 'input' })).toEqual({
      type: 'object',
      properties: { at: { type: ['string', 'null'], format: 'date-time' }, n: { type: 'integer' }, state: { type: ['string', 'null'], enum: ['a', 'b', null] } },
      required: ['at', 'n', 'state'],
    });
  });

  it('cuts a schema below a depth to each value\'s type', () => {
    const schema = { type: 'object', properties: { a: { type: 'object', properties: { b: { type: ['string', 'null'], description: 'x' } } } } };
    expect(limitSchemaDepth(schema, 0)).toEqual({ type: 'object', properties: { a: { type: 'object' } } });
    expect(limitSchemaDepth(schema, 1)).toEqual({ type: 'object', properties: { a: { type: 'object', properties: { b: { type: ['string', 'null'] } } } } });
  });
});
