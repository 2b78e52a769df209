import type { Alert } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import type { TestPlatform } from '@facilflow/testkit';
import { BASE } from './alert-engine-fixtures.ts';

/** A second open row for the same rule and series as `alert`: what the partial unique index must refuse. */
export function alertsOpenRow(alert: Alert, tenantId: string): typeof schema.alerts.$inferInsert {
  return {
    id: `${alert.id}_twin`, tenantId, ruleId: alert.ruleId, ruleName: alert.ruleName, ruleVersion: 1, state: 'firing', severity: alert.severity, priority: alert.priority,
    measurement: alert.measurement, field: alert.field, series: alert.series, tags: alert.tags, labels: {}, summary: '', value: null, firedAt: new Date(),
  };
}

/** A 60 s window score of oven.temp, as the data-quality monitor writes one. */
export async function writeWindow(t: TestPlatform, tenantId: string, window: { start: number; score: number }): Promise<void> {
  const points = 100;
  const clean = Math.round(window.score * points);
  await t.platform.services.db.withTenant(tenantId, (tx) =>
    tx.insert(schema.qualityWindowScores).values({
      tenantId, measurement: 'oven', field: 'temp', windowStart: new Date(BASE + window.start * 1000), windowSeconds: 60, seriesCount: 1,
      points, clean, range: points - clean, null: 0, missing: 0, freshness: 0, flatline: 0, spike: 0, rate: 0, drift: 0, score: clean / points,
    }),
  );
}
