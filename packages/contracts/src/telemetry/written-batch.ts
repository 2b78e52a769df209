import type { TelemetryPoint } from './point.ts';

/**
 * What ingest stored durably in one message: the unit of the written-telemetry stream,
 * which data quality, lineage, alert rules and stream pipelines read at their own pace.
 */
export interface WrittenBatch {
  tenantId: string;
  /** The publishing agent; null for points that did not come from an agent (line protocol from Telegraf under an agent topic still names it). */
  agentId: string | null;
  points: readonly TelemetryPoint[];
  receivedAt: Date;
}
