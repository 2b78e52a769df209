import type { TelemetryPoint } from '@facilflow/contracts';

/** Points that ingest has just made durable, as every downstream step sees them. */
export interface WrittenBatch {
  tenantId: string;
  /** The publishing agent; null for points that did not come from an agent (line protocol from Telegraf under an agent topic still names it). */
  agentId: string | null;
  points: readonly TelemetryPoint[];
  receivedAt: Date;
}

/**
 * A step that runs after the durable write (data quality, lineage, alert rules, live
 * updates). Observers never delay the acknowledgement and never lose data: a failing
 * observer is logged and the points stay stored.
 */
export interface TelemetryObserver {
  readonly name: string;
  observe(batch: WrittenBatch): Promise<void>;
  close?(): Promise<void>;
}
