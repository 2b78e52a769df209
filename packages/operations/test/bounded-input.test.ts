import type { AuditRecord } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// In-process callers (the web app's loaders, Jarvis, the CLI) skip the HTTP edge: the runtime
// applies the same limits and the storable-text rule, so no id or name with a NUL reaches SQL.

let t: TestPlatform;
let tenant: TestTenant;

beforeAll(async () => {
  t = await createTestPlatform();
  tenant = await t.createTenant('Bounded Input Plant');
});
afterAll(() => t?.close());

describe('inputs no store can keep', () => {
  it.each([
    ['agents.enroll', { name: 'gateway\u0000' }, 'name'],
    ['agents.get', { agentId: '\u0000' }, 'agentId'],
    ['dataSources.list', { agentId: 'ag_\uD800' }, 'agentId'],
    ['deadLetters.replay', { id: '\u0000 ' }, 'id'],
  ] as const)('%s refuses a NUL or lone surrogate as INVALID naming the field', async (operation, input, field) => {
    const before = ((await t.call(tenant.ownerPrincipal, 'audit.list', { operation })) as { items: AuditRecord[] }).items.length;
    await expect(t.runtime.invoke(tenant.ownerPrincipal, 'web', operation, input)).rejects.toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining(`${field} contains a`),
    });
    const after = ((await t.call(tenant.ownerPrincipal, 'audit.list', { operation })) as { items: AuditRecord[] }).items;
    // Writes leave one refusal record each; reads none.
    const effect = t.runtime.registry.get(operation)!.effect;
    expect(after.length - before).toBe(effect === 'read' ? 0 : 1);
  });

  it('refuses an input nested past the JSON depth limit before any handler runs', async () => {
    let deep: unknown = 'end';
    for (let level = 0; level < 100; level++) deep = { deeper: deep };
    await expect(t.runtime.invoke(tenant.ownerPrincipal, 'web', 'agents.enroll', { name: 'deep', deep })).rejects.toMatchObject({ code: 'INVALID', details: { limit: 'maxDepth' } });
    expect(JSON.stringify(await t.call(tenant.ownerPrincipal, 'agents.list', {}))).not.toContain('"deep"');
  });
});
