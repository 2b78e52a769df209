import { schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { sweepAuditRetention } from './audit-retention-sweep.ts';
import { sweepTelemetryRetention } from './retention-sweep.ts';

/** Hourly: retention periods are whole days, so a row outlives its period by an hour at most. */
export const DEFAULT_SWEEP_INTERVAL_MS = 3_600_000;

export interface GovernanceSweepsOptions {
  intervalMs?: number;
  /** Told of a tenant's failed sweep; the others go on. */
  log?: (message: string, error: unknown) => void;
}

export interface GovernanceSweeps {
  /** One sweep of every tenant now (also what the interval runs); resolves when it is done. */
  sweepNow(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs the retention sweeps (telemetry and audit log) of every tenant on an interval, where
 * the time-series store is written (the ingest role: a DuckDB file has one writer). Times come
 * from `services.now`, so a test drives them with its own clock. One sweep at a time; a
 * tenant's failure is logged and audited, and does not stop the others.
 */
export function startGovernanceSweeps(services: Services, options: GovernanceSweepsOptions = {}): GovernanceSweeps {
  const log = options.log ?? ((message, error) => console.error(`[governance] ${message}`, error));
  let running: Promise<void> | undefined;
  let closed = false;

  async function sweepAll(): Promise<void> {
    const tenants = await services.db.withSystem('list tenants for the retention sweeps', (tx) =>
      tx.select({ tenantId: schema.tenants.tenantId }).from(schema.tenants),
    );
    for (const { tenantId } of tenants) {
      if (closed) return;
      const now = services.now();
      await sweepTelemetryRetention(services, tenantId, now).catch((error: unknown) => log(`telemetry retention sweep of ${tenantId} failed`, error));
      await sweepAuditRetention(services, tenantId, now).catch((error: unknown) => log(`audit retention sweep of ${tenantId} failed`, error));
    }
  }

  function sweepNow(): Promise<void> {
    running ??= sweepAll()
      .catch((error: unknown) => log('listing tenants for the retention sweeps failed', error))
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  const timer = setInterval(() => void sweepNow(), options.intervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
  timer.unref();
  return {
    sweepNow,
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
    },
  };
}
