import { FacilFlowError, type AlertMetrics, type TenantScope } from '@facilflow/contracts';
import { sql } from '@facilflow/db';
import type { Services } from '../services.ts';

const TEN_MINUTES_MS = 600_000;
/** EEMUA 191 / ISA-18.2: more than 10 alarms in 10 minutes is a flood. */
const FLOOD_PER_10_MINUTES = 10;
/** ISA-18.2 practice: an alarm that activates 3 or more times within a minute chatters. */
const CHATTER_ACTIVATIONS = 3;
const STALE_LISTED = 50;

export interface AlertMetricsInput {
  from?: string | undefined;
  to?: string | undefined;
  staleAfterHours: number;
}

const rowsOf = <T>(result: unknown): T[] => ((result as { rows?: T[] }).rows ?? (result as T[]));

/** Alarm-management figures over [from, to): see docs/alerts.md for each definition. */
export async function alertMetrics(services: Pick<Services, 'db' | 'directory' | 'now'>, scope: TenantScope, input: AlertMetricsInput): Promise<AlertMetrics> {
  const to = input.to ? new Date(input.to) : services.now();
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - 24 * 3600_000);
  if (!(from.getTime() < to.getTime())) throw new FacilFlowError('INVALID', `from (${from.toISOString()}) must be before to (${to.toISOString()})`);
  if (to.getTime() - from.getTime() > 366 * 24 * 3600_000) throw new FacilFlowError('INVALID', 'A metrics period is at most 366 days');
  const fromIso = from.toISOString();
  const toIso = to.toISOString();
  const staleBefore = new Date(to.getTime() - input.staleAfterHours * 3600_000).toISOString();

  const figures = await services.db.withTenant(scope.tenantId, async (tx) => {
    const slots = rowsOf<{ slot: number; n: number }>(
      await tx.execute(sql`
        SELECT floor(extract(epoch FROM at) * 1000 / ${TEN_MINUTES_MS})::float8 AS slot, count(*)::int AS n
        FROM alert_transitions WHERE transition = 'triggered' AND at >= ${fromIso} AND at < ${toIso} GROUP BY slot`),
    );
    const top = rowsOf<{ rule_id: string; rule_name: string; n: number }>(
      await tx.execute(sql`
        SELECT t.rule_id, max(a.rule_name) AS rule_name, count(*)::int AS n
        FROM alert_transitions t JOIN alerts a ON a.tenant_id = t.tenant_id AND a.id = t.alert_id
        WHERE t.transition = 'triggered' AND t.at >= ${fromIso} AND t.at < ${toIso}
        GROUP BY t.rule_id ORDER BY n DESC, t.rule_id LIMIT 10`),
    );
    const standing = rowsOf<{ n: number }>(
      await tx.execute(sql`SELECT count(*)::int AS n FROM alerts WHERE fired_at <= ${toIso} AND (resolved_at IS NULL OR resolved_at > ${toIso})`),
    );
    const stale = rowsOf<{ id: string; rule_id: string; rule_name: string; series: string; state: string; fired_at: string | Date }>(
      await tx.execute(sql`
        SELECT id, rule_id, rule_name, series, state, fired_at FROM alerts
        WHERE fired_at <= ${staleBefore} AND (resolved_at IS NULL OR resolved_at > ${toIso})
        ORDER BY fired_at, id LIMIT ${STALE_LISTED}`),
    );
    const chattering = rowsOf<{ rule_id: string; rule_name: string; series: string; n: number; per_minute: number }>(
      await tx.execute(sql`
        SELECT w.rule_id, max(a.rule_name) AS rule_name, w.series, count(*)::int AS n, max(w.in_minute)::int AS per_minute
        FROM (
          SELECT rule_id, series, alert_id, count(*) OVER (PARTITION BY rule_id, series ORDER BY at RANGE BETWEEN interval '60 seconds' PRECEDING AND CURRENT ROW) AS in_minute
          FROM alert_transitions WHERE transition = 'triggered' AND at >= ${fromIso} AND at < ${toIso}
        ) w JOIN alerts a ON a.tenant_id = ${scope.tenantId} AND a.id = w.alert_id
        GROUP BY w.rule_id, w.series HAVING max(w.in_minute) >= ${CHATTER_ACTIVATIONS}
        ORDER BY per_minute DESC, n DESC LIMIT 50`),
    );
    return { slots, top, standing: standing[0]?.n ?? 0, stale, chattering };
  });

  const members = await services.directory.listMembers(scope.tenantId);
  const operators = members.filter((member) => member.role === 'operator').length;
  const activations = figures.slots.reduce((sum, slot) => sum + slot.n, 0);
  const periodSlots = Math.max(1, Math.ceil((to.getTime() - from.getTime()) / TEN_MINUTES_MS));
  const per10 = activations / periodSlots;
  return {
    from: fromIso,
    to: toIso,
    activations,
    alarmsPer10Minutes: per10,
    alarmsPer10MinutesPerOperator: operators > 0 ? per10 / operators : null,
    operators,
    peakPer10Minutes: figures.slots.reduce((peak, slot) => Math.max(peak, slot.n), 0),
    floodShare: figures.slots.filter((slot) => slot.n > FLOOD_PER_10_MINUTES).length / periodSlots,
    topRules: figures.top.map((rule) => ({ ruleId: rule.rule_id, ruleName: rule.rule_name, activations: rule.n, share: activations > 0 ? rule.n / activations : 0 })),
    standing: figures.standing,
    stale: figures.stale.map((alert) => {
      const firedAt = new Date(alert.fired_at);
      return {
        alertId: alert.id,
        ruleId: alert.rule_id,
        ruleName: alert.rule_name,
        series: alert.series,
        state: alert.state,
        firedAt: firedAt.toISOString(),
        openHours: (to.getTime() - firedAt.getTime()) / 3600_000,
      };
    }),
    staleAfterHours: input.staleAfterHours,
    chattering: figures.chattering.map((row) => ({ ruleId: row.rule_id, ruleName: row.rule_name, series: row.series, activations: row.n, maxPerMinute: row.per_minute })),
  };
}
