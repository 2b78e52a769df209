import type { MeasurementSchema } from '@facilflow/contracts';
import { ensureMeasurementSchema } from '@facilflow/core';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestPlatform;
let plant: TestTenant;

beforeAll(async () => {
  t = await createTestPlatform();
  plant = await t.createTenant('Schema Plant');
});
afterAll(() => t?.close());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 'ok', message: '', details: undefined as unknown }),
    (e: { code: string; message: string; details?: unknown }) => ({ code: e.code, message: e.message, details: e.details }),
  );

const mixer = {
  measurement: 'mixer',
  description: 'Mixers of line 1',
  fields: [
    { name: 'MotorSpeed', type: 'number', unit: 'rpm', min: 0, max: 1800 },
    { name: 'BatchTemperature', type: 'number', unit: 'degC' },
    { name: 'State', type: 'string', required: true },
  ],
  requiredTags: ['site', 'machine'],
};

const call = (name: string, input: unknown = {}) => t.call(plant.ownerPrincipal, name, input);

describe('schema registry operations', () => {
  it('registers version 1, lists and reads it', async () => {
    const created = (await call('schemas.create', mixer)) as { schema: MeasurementSchema };
    expect(created.schema).toMatchObject({
      tenantId: plant.tenantId,
      measurement: 'mixer',
      version: 1,
      description: 'Mixers of line 1',
      requiredTags: ['site', 'machine'],
      createdBy: `user:${plant.owner.uid}`,
    });
    expect(created.schema.fields).toEqual([
      { name: 'MotorSpeed', type: 'number', unit: 'rpm', min: 0, max: 1800, required: false },
      { name: 'BatchTemperature', type: 'number', unit: 'degC', required: false },
      { name: 'State', type: 'string', required: true },
    ]);
    expect(await call('schemas.list')).toEqual({ schemas: [{ ...created.schema, versions: 1 }] });
    expect(await call('schemas.get', { measurement: 'mixer' })).toEqual({ schema: created.schema, versions: [1] });
    expect((await failure(call('schemas.create', mixer))).code).toBe('CONFLICT');
    expect((await failure(call('schemas.get', { measurement: 'nothing' }))).code).toBe('NOT_FOUND');
  });

  it('refuses definitions that cannot describe points', async () => {
    const invalid = [
      { ...mixer, measurement: '1mixer' },
      { ...mixer, measurement: 'dup', fields: [mixer.fields[0], { ...mixer.fields[0], name: 'motorspeed' }] },
      { ...mixer, measurement: 'range', fields: [{ name: 'x', type: 'number', min: 5, max: 1 }] },
      { ...mixer, measurement: 'range2', fields: [{ name: 'x', type: 'string', min: 0 }] },
      { ...mixer, measurement: 'timecol', fields: [{ name: 'time', type: 'number' }] },
      { ...mixer, measurement: 'tagfield', fields: [{ name: 'site', type: 'string' }] },
      { ...mixer, measurement: 'nofields', fields: [] },
      { ...mixer, measurement: 'badtype', fields: [{ name: 'x', type: 'integer' }] },
    ];
    for (const input of invalid) expect((await failure(call('schemas.create', input))).code, input.measurement).toBe('INVALID');
  });

  it('makes a new version for a backward compatible change, and none for the same definition', async () => {
    const next = {
      ...mixer,
      description: 'Mixers of lines 1 and 2',
      fields: [
        { name: 'MotorSpeed', type: 'number', unit: 'rpm', min: 0, max: 1500 },
        { name: 'BatchTemperature', type: 'number', unit: 'degC' },
        { name: 'State', type: 'string' },
        { name: 'MotorCurrent', type: 'number', unit: 'A' },
      ],
      requiredTags: ['machine'],
      expectedVersion: 1,
    };
    const updated = (await call('schemas.update', next)) as { schema: MeasurementSchema; changed: boolean };
    expect(updated).toMatchObject({ changed: true, schema: { version: 2, requiredTags: ['machine'] } });
    const same = (await call('schemas.update', { ...next, expectedVersion: 2 })) as { schema: MeasurementSchema; changed: boolean };
    expect(same).toMatchObject({ changed: false, schema: { version: 2 } });
    expect(await call('schemas.get', { measurement: 'mixer', version: 1 })).toMatchObject({ schema: { version: 1, description: 'Mixers of line 1' }, versions: [1, 2] });
    expect(((await call('schemas.list')) as { schemas: Array<{ version: number; versions: number }> }).schemas[0]).toMatchObject({ version: 2, versions: 2 });
    // Written from version 1 while version 2 exists: refused, so nobody overwrites a change unseen.
    const stale = await failure(call('schemas.update', { ...next, description: 'stale', expectedVersion: 1 }));
    expect(stale).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('is at version 2, not 1') });
    expect((await failure(call('schemas.update', { ...mixer, measurement: 'nothing' }))).code).toBe('NOT_FOUND');
  });

  it('refuses an incompatible version with CONFLICT, naming every problem', async () => {
    const latest = ((await call('schemas.get', { measurement: 'mixer' })) as { schema: MeasurementSchema }).schema;
    const base = { measurement: 'mixer', fields: latest.fields, requiredTags: latest.requiredTags };
    const cases: Array<[string, object, RegExp]> = [
      ['remove a field', { ...base, fields: latest.fields.filter((f) => f.name !== 'MotorCurrent') }, /field "MotorCurrent" is removed/],
      ['change a type', { ...base, fields: latest.fields.map((f) => (f.name === 'State' ? { ...f, type: 'number' } : f)) }, /field "State" changes type from string to number/],
      ['change a unit', { ...base, fields: latest.fields.map((f) => (f.name === 'BatchTemperature' ? { ...f, unit: 'degF' } : f)) }, /field "BatchTemperature" changes unit from degC to degF/],
      ['require a field', { ...base, fields: latest.fields.map((f) => (f.name === 'MotorCurrent' ? { ...f, required: true } : f)) }, /field "MotorCurrent" becomes required/],
      ['add a required field', { ...base, fields: [...latest.fields, { name: 'Torque', type: 'number', required: true }] }, /new field "Torque" is required/],
      ['require a tag', { ...base, requiredTags: ['machine', 'line'] }, /tag "line" becomes required/],
    ];
    for (const [label, input, reason] of cases) {
      const refused = await failure(call('schemas.update', input));
      expect(refused.code, label).toBe('CONFLICT');
      expect(refused.message, label).toMatch(reason);
      expect(refused.message, label).toMatch(/^Version 3 of "mixer" would not be backward compatible: /);
    }
    const several = await failure(call('schemas.update', { ...base, fields: [{ name: 'State', type: 'boolean' }], requiredTags: ['line'] }));
    expect((several.details as { problems: string[] }).problems).toHaveLength(5);
    expect(((await call('schemas.get', { measurement: 'mixer' })) as { versions: number[] }).versions).toEqual([1, 2]);
    // A unit given to a field that had none, and a range changed, are fine.
    const fine = latest.fields.map((f) => (f.name === 'State' ? { ...f, unit: 'enum' } : f.name === 'MotorSpeed' ? { ...f, max: 2000 } : f));
    expect(await call('schemas.update', { ...base, fields: fine })).toMatchObject({ changed: true, schema: { version: 3 } });
  });

  it('deletes every version in two phases; a new registration starts over at version 1', async () => {
    const first = await failure(call('schemas.delete', { measurement: 'mixer' }));
    expect(first.code).toBe('NEEDS_CONFIRMATION');
    const { plan, confirmationToken } = first.details as { plan: string; confirmationToken: string };
    expect(plan).toBe(
      'Delete the schema of measurement "mixer" (3 versions). From then on its new points are refused as unknown measurement and kept as dead letters until a schema is registered again; data already stored stays.',
    );
    expect(await call('schemas.delete', { measurement: 'mixer', confirmationToken })).toEqual({ deleted: true, versions: 3 });
    expect(await call('schemas.list')).toEqual({ schemas: [] });
    const again = (await call('schemas.create', { ...mixer, fields: [{ name: 'MotorSpeed', type: 'string' }] })) as { schema: MeasurementSchema };
    expect(again.schema.version).toBe(1);
  });

  it('ensures a definition idempotently, for bootstraps that run at every start', async () => {
    const scope = { tenantId: plant.tenantId, actor: { type: 'system' as const, name: 'bootstrap' }, role: 'owner' as const };
    const definition = { measurement: 'boot', fields: [{ name: 'speed', type: 'number' as const, unit: 'rpm' }], requiredTags: ['machine'] };
    expect(await ensureMeasurementSchema(t.platform.services, scope, definition)).toMatchObject({ changed: true, schema: { version: 1 } });
    expect(await ensureMeasurementSchema(t.platform.services, scope, definition)).toMatchObject({ changed: false, schema: { version: 1 } });
    const more = { ...definition, fields: [...definition.fields, { name: 'load', type: 'number' as const }] };
    expect(await ensureMeasurementSchema(t.platform.services, scope, more)).toMatchObject({ changed: true, schema: { version: 2, createdBy: 'system:bootstrap' } });
    await expect(ensureMeasurementSchema(t.platform.services, scope, { ...definition, fields: [{ name: 'speed', type: 'string' as const }] })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('lets viewers read the registry and not change it', async () => {
    const viewer = await t.memberPrincipal(plant.tenantId, 'viewer');
    expect(((await t.call(viewer, 'schemas.list')) as { schemas: unknown[] }).schemas).toHaveLength(2);
    expect((await failure(t.call(viewer, 'schemas.create', { ...mixer, measurement: 'viewer_made' }))).code).toBe('FORBIDDEN');
  });
});
