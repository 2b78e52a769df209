/**
 * Messages ingest acknowledged without keeping them anywhere: invalid, and their dead letter
 * could not be recorded either. Acknowledging them is what stops an agent resending them for
 * ever; counting them is what keeps the loss visible to the operator. Keyed by
 * (tenant, agent, reason), where reason is the dead-letter code the message would have had:
 * a small, bounded set of labels, ready for a metrics exporter.
 */
export interface UndeliverableCount {
  tenantId: string;
  agentId: string;
  reason: string;
  count: number;
}

export class UndeliverableCounter {
  private readonly counts = new Map<string, UndeliverableCount>();

  record(tenantId: string, agentId: string, reason: string): void {
    const key = JSON.stringify([tenantId, agentId, reason]);
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { tenantId, agentId, reason, count: 1 });
  }

  /** A snapshot, one entry per (tenant, agent, reason) seen since the process started. */
  snapshot(): UndeliverableCount[] {
    return [...this.counts.values()].map((entry) => ({ ...entry }));
  }

  total(): number {
    let total = 0;
    for (const entry of this.counts.values()) total += entry.count;
    return total;
  }
}
