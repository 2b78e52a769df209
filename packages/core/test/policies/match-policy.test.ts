import { policyDefinitionSchema, type Policy } from '@facilflow/contracts';
import { describe, expect, it } from 'vitest';
import { conditionHolds, decidingPolicy, operationMatches, sinkMeasurementsOf, sqlEstimatedRows, withinTimeWindow } from '../../src/index.ts';

const policy = (definition: unknown): Policy => {
  const parsed = policyDefinitionSchema.parse(definition);
  return {
    id: `pol_${parsed.name}`, tenantId: 't', name: parsed.name, effect: parsed.effect, reason: parsed.reason ?? null, match: parsed.match,
    approval: parsed.effect === 'REQUIRE_APPROVAL' ? { approvers: 1, approverRole: 'admin', expiresInMinutes: 60, ...parsed.approval } : null,
    enabled: true, createdBy: 'u', createdAt: '2026-01-01T00:00:00.000Z', updatedBy: 'u', updatedAt: '2026-01-01T00:00:00.000Z',
  };
};

describe('operation patterns', () => {
  it('match a name exactly or every action of a resource', () => {
    expect(operationMatches('pipelines.publish', 'pipelines.publish')).toBe(true);
    expect(operationMatches('pipelines.publish', 'pipelines.publishAll')).toBe(false);
    expect(operationMatches('pipelines.*', 'pipelines.run')).toBe(true);
    expect(operationMatches('pipelines.*', 'pipelinesX.run')).toBe(false);
  });
});

describe('time windows', () => {
  const shift = { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, from: '06:00', to: '18:00', timeZone: 'Europe/Berlin' };
  it.each([
    ['2026-12-07T05:00:00Z', true], // Monday 06:00 Berlin (winter, UTC+1): the start is included
    ['2026-12-07T16:59:00Z', true],
    ['2026-12-07T17:00:00Z', false], // 18:00: the end is excluded
    ['2026-12-05T11:00:00Z', false], // Saturday
    ['2026-07-06T04:30:00Z', true], // Monday 06:30 Berlin in summer (UTC+2)
  ])('a weekday shift at %s: %s', (at, inside) => {
    expect(withinTimeWindow({ ...shift, days: [...shift.days] }, new Date(at))).toBe(inside);
  });

  it.each([
    ['2026-12-04T22:00:00Z', true], // Friday 23:00 Berlin
    ['2026-12-05T04:00:00Z', true], // Saturday 05:00: still Friday's night
    ['2026-12-05T22:00:00Z', false], // Saturday 23:00: Saturday is not a day of the window
    ['2026-12-06T04:00:00Z', false], // Sunday 05:00: Saturday's night, not in the window
  ])('a night window past midnight, Fridays, at %s: %s', (at, inside) => {
    expect(withinTimeWindow({ days: ['fri'], from: '22:00', to: '06:00', timeZone: 'Europe/Berlin' }, new Date(at))).toBe(inside);
  });

  it('is always open when there is none', () => {
    expect(withinTimeWindow(null, new Date())).toBe(true);
  });
});

describe('conditions', () => {
  it('never hold on an attribute the call did not resolve', () => {
    expect(conditionHolds({ attribute: 'agent.lineState', operator: 'equals', value: 'production' }, {})).toBe(false);
    expect(conditionHolds({ attribute: 'agent.lineState', operator: 'equals', value: 'production' }, { 'agent.lineState': 'production' })).toBe(true);
    expect(conditionHolds({ attribute: 'sql.estimatedRows', operator: 'atLeast', value: 100 }, { 'sql.estimatedRows': 99 })).toBe(false);
    expect(conditionHolds({ attribute: 'sql.estimatedRows', operator: 'atMost', value: 100 }, { 'sql.estimatedRows': 100 })).toBe(true);
    expect(conditionHolds({ attribute: 'pipeline.sinkMeasurementLabels', operator: 'includes', value: 'production' }, { 'pipeline.sinkMeasurementLabels': ['lab'] })).toBe(false);
  });
});

describe('which policy decides', () => {
  const allow = policy({ name: 'a allow', effect: 'ALLOW', match: { operations: ['x.y'] } });
  const deny = policy({ name: 'z deny', effect: 'DENY', reason: 'no', match: { operations: ['x.y'] } });
  const one = policy({ name: 'one', effect: 'REQUIRE_APPROVAL', match: { operations: ['x.y'] } });
  const three = policy({ name: 'three', effect: 'REQUIRE_APPROVAL', match: { operations: ['x.y'] }, approval: { approvers: 3 } });
  it('DENY beats REQUIRE_APPROVAL beats ALLOW; the strictest approval wins among approvals', () => {
    expect(decidingPolicy([allow, one, deny])?.name).toBe('z deny');
    expect(decidingPolicy([allow, one])?.name).toBe('one');
    expect(decidingPolicy([one, three, allow])?.name).toBe('three');
    expect(decidingPolicy([allow])?.name).toBe('a allow');
    expect(decidingPolicy([])).toBeNull();
  });
});

describe('attributes read from the call', () => {
  it('a query\'s rows are bounded by its outermost LIMIT and by maxRows', () => {
    expect(sqlEstimatedRows({ sql: 'SELECT * FROM oven LIMIT 50', maxRows: 1000 })).toEqual({ 'sql.estimatedRows': 50 });
    expect(sqlEstimatedRows({ sql: 'SELECT * FROM oven limit 5000 offset 10;', maxRows: 1000 })).toEqual({ 'sql.estimatedRows': 1000 });
    expect(sqlEstimatedRows({ sql: 'SELECT * FROM (SELECT * FROM oven LIMIT 5) AS o', maxRows: 700 })).toEqual({ 'sql.estimatedRows': 700 });
  });

  it('a spec\'s sinks name the measurements they write, also in a draft that does not validate', () => {
    expect(sinkMeasurementsOf({ stages: [{ use: 'sink.timeseries-write', with: { measurement: 'b' } }, { use: 'sink.timeseries-write', with: { measurement: 'a' } }, { use: 'sink.webhook', with: { measurement: 'c' } }] })).toEqual(['a', 'b']);
    expect(sinkMeasurementsOf({ stages: 'broken' })).toEqual([]);
    expect(sinkMeasurementsOf(null)).toEqual([]);
  });
});
