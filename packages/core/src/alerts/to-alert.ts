import { alertRuleSpecSchema, type Alert, type AlertNotice, type AlertRule, type AlertSeverity, type AlertState, type AlertTransition, type AlertTransitionRecord } from '@facilflow/contracts';
import type { schema } from '@facilflow/db';

export type AlertRow = typeof schema.alerts.$inferSelect;
export type AlertRuleRow = typeof schema.alertRules.$inferSelect;
export type AlertTransitionRow = typeof schema.alertTransitions.$inferSelect;

const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

export function toAlertRule(row: AlertRuleRow): AlertRule {
  return {
    id: row.id,
    version: row.version,
    spec: alertRuleSpecSchema.parse(row.spec),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    ruleId: row.ruleId,
    ruleName: row.ruleName,
    ruleVersion: row.ruleVersion,
    state: row.state as AlertState,
    severity: row.severity as AlertSeverity,
    priority: row.priority,
    measurement: row.measurement,
    field: row.field,
    series: row.series,
    tags: row.tags as Record<string, string>,
    labels: row.labels as Record<string, string>,
    summary: row.summary,
    value: row.value,
    firedAt: row.firedAt.toISOString(),
    resolvedAt: iso(row.resolvedAt),
    acknowledged: row.acknowledgedBy && row.acknowledgedAt ? { by: row.acknowledgedBy, at: row.acknowledgedAt.toISOString(), comment: row.acknowledgedComment } : null,
    shelved:
      row.shelvedBy && row.shelvedAt && row.shelvedUntil
        ? { by: row.shelvedBy, at: row.shelvedAt.toISOString(), comment: row.shelvedReason, until: row.shelvedUntil.toISOString() }
        : null,
    resolved: row.resolvedAt ? { by: row.resolvedBy, at: row.resolvedAt.toISOString(), comment: row.resolvedComment } : null,
  };
}

export function toTransitionRecord(row: AlertTransitionRow): AlertTransitionRecord {
  return { id: row.id, transition: row.transition as AlertTransition, actor: row.actor, comment: row.comment, value: row.value, at: row.at.toISOString() };
}

/** ISA-95 path from the series' tags (site/area/line/machine), when it carries any of them. */
function assetPathOf(tags: Record<string, string>): string | null {
  const parts = ['enterprise', 'site', 'area', 'line', 'cell', 'machine'].map((level) => tags[level]).filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join('/') : null;
}

/** The notice notifications receive for one stored transition of `row`. */
export function noticeOf(row: AlertRow, transition: AlertTransition, at: Date, actor: string | null, comment: string | null): AlertNotice {
  const tags = row.tags as Record<string, string>;
  return {
    tenantId: row.tenantId,
    alertId: row.id,
    ruleId: row.ruleId,
    ruleName: row.ruleName,
    transition,
    severity: row.severity as AlertSeverity,
    priority: row.priority,
    measurement: row.measurement,
    tags,
    assetPath: assetPathOf(tags),
    labels: row.labels as Record<string, string>,
    summary: row.summary.slice(0, 1000),
    value: row.value,
    actor,
    comment,
    at: at.toISOString(),
    firedAt: row.firedAt.toISOString(),
  };
}
