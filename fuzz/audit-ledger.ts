import type { Principal } from '@facilflow/contracts';
import { count, schema } from '@facilflow/db';
import type { Database } from '@facilflow/db/client';
import type { Operation } from '@facilflow/operations';

export interface AuditMismatch {
  operation: string;
  /** Positive: writes without a record; negative: more records than writes. */
  missing: number;
}

/**
 * One audit record per write or destructive call, checked by counting: rows per operation,
 * summed over every tenant, against the calls the fuzzer made.
 * Records are counted, never read for their outcome, so a record written as `pending` and
 * completed later still counts once. A call that never settled (hung) may still write its
 * record, so its operation is left out until it does.
 */
export class AuditLedger {
  private readonly expected = new Map<string, number>();
  private readonly reported = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  private baseline = new Map<string, number>();

  constructor(private readonly db: Database) {}

  async start(): Promise<void> {
    this.baseline = await this.rows();
  }

  /** Runs one invocation, crediting the record it must leave. */
  async track<T>(op: Operation, principal: Principal, call: () => Promise<T>): Promise<T> {
    if (op.effect === 'read') return call();
    this.bump(this.inFlight, op.name, 1);
    let result: { output: unknown } | undefined;
    try {
      const output = await call();
      result = { output };
      return output;
    } finally {
      this.bump(this.inFlight, op.name, -1);
      if (owesRecord(op, principal, result)) this.bump(this.expected, op.name, 1);
    }
  }

  /** Mismatches found since the last check (each missing record is reported once). */
  async check(): Promise<AuditMismatch[]> {
    const rows = await this.rows();
    const out: AuditMismatch[] = [];
    const names = new Set([...this.expected.keys(), ...rows.keys()]);
    for (const name of names) {
      if ((this.inFlight.get(name) ?? 0) > 0) continue;
      const written = (rows.get(name) ?? 0) - (this.baseline.get(name) ?? 0);
      const mismatch = (this.expected.get(name) ?? 0) - written;
      const fresh = mismatch - (this.reported.get(name) ?? 0);
      if (fresh !== 0) {
        out.push({ operation: name, missing: fresh });
        this.reported.set(name, mismatch);
      }
    }
    return out;
  }

  /**
   * The audit log is readable per tenant only (no system-scope read policy, on purpose), so
   * the tenants are listed with system scope and each one's records counted in its own scope.
   */
  private async rows(): Promise<Map<string, number>> {
    const log = schema.auditLog;
    const tenants = await this.db.withSystem('fuzz: list tenants to count their audit records', (tx) => tx.select({ id: schema.tenants.tenantId }).from(schema.tenants));
    const totals = new Map<string, number>();
    for (const { id } of tenants) {
      const result = await this.db.withTenant(id, (tx) => tx.select({ operation: log.operation, n: count() }).from(log).groupBy(log.operation));
      for (const r of result) totals.set(r.operation, (totals.get(r.operation) ?? 0) + Number(r.n));
    }
    return totals;
  }

  private bump(map: Map<string, number>, key: string, by: number): void {
    map.set(key, (map.get(key) ?? 0) + by);
  }
}

/**
 * The runtime attributes a record to the caller's active tenant, or for a person's call
 * without one (tenants.create, invites.accept) to the tenant the call produced; a call by a
 * person with no tenant that failed or produced none has nothing to belong to and is only logged.
 */
function owesRecord(op: Operation, principal: Principal, result: { output: unknown } | undefined): boolean {
  if (op.effect === 'read') return false;
  if (principal.tenantId !== null) return true;
  if (!result || op.scope !== 'user' || !op.auditTenantId) return false;
  try {
    return op.auditTenantId(result.output as never) !== '';
  } catch {
    return false;
  }
}
