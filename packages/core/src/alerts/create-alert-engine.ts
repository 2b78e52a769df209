import { alertNoticeSchema, type AlertNotice } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import type { Unsubscribe } from '@facilflow/messaging';
import type { Services } from '../services.ts';
import { singleFlight } from '../single-flight.ts';
import type { TelemetryObserver, WrittenBatch } from '../telemetry/telemetry-observer.ts';
import type { Effect, TenantState } from './engine-state.ts';
import { evaluateBatch } from './evaluate-batch.ts';
import { handlePipelineEvents, isPipelineEventsMessage } from './handle-pipeline-events.ts';
import { loadTenantRules } from './load-tenant-rules.ts';
import { persistEffects } from './persist-effects.ts';
import { readQualityScores, sweepTenant } from './sweep-tenant.ts';
import { unshelveDue } from './unshelve-due.ts';

export interface AlertEngineOptions {
  services: Pick<Services, 'db' | 'bus' | 'now' | 'alertNotices'>;
  /** The clock for no-data, pipeline events, shelving and silent series (defaults to services.now). */
  now?: () => Date;
  /** Runs `sweep()` this often; 0 leaves it to the caller (tests drive a controlled clock). */
  sweepIntervalMs?: number;
  /** Rules are re-read this often even without a change announced (a lost bus message). */
  rulesRefreshSeconds?: number;
  /** A series silent this long with nothing open is dropped from memory. */
  forgetAfterSeconds?: number;
  /** Quality score rules start reading windows this far back. */
  qualityLookbackSeconds?: number;
  log?: (message: string, error?: unknown) => void;
}

export interface AlertEngine extends TelemetryObserver {
  /** No-data, quiet events, silent series' delays, quality scores, unshelving; runs on its own timer unless `sweepIntervalMs` is 0. Never rejects. */
  sweep(): Promise<void>;
  /** Resolves once every tenant's queued work (batches, bus messages) is done. */
  settled(): Promise<void>;
  stats(): { tenants: number; rules: number; series: number; openAlerts: number };
  close(): Promise<void>;
}

const tenantOfChannel = (channel: string): string | null => {
  const parts = channel.split(':');
  return parts.length >= 3 && parts[0] === 'tenant' && parts[1] ? parts[1] : null;
};

/**
 * The alert rules engine, a consumer of the written-telemetry stream (off the acknowledgement
 * path): each tenant's enabled rules are cached and reloaded when a change is announced on
 * the bus; each point runs through the rules on its measurement (`evaluateBatch`), and each
 * transition is stored, published on the tenant's alerts channel and handed to the
 * notification sink. Per-series state lives in this process (a tenant's batches should reach
 * one engine, in order); open alerts are read back on start, so a restart opens nothing twice.
 */
export function createAlertEngine(options: AlertEngineOptions): AlertEngine {
  const { services } = options;
  const clock = options.now ?? services.now;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[alerts] ${message}`, error ?? ''));
  const refreshMs = (options.rulesRefreshSeconds ?? 60) * 1000;
  const forgetAfterMs = (options.forgetAfterSeconds ?? 6 * 3600) * 1000;
  const lookbackMs = (options.qualityLookbackSeconds ?? 600) * 1000;
  const tenants = new Map<string, TenantState>();
  let closed = false;

  function tenantFor(tenantId: string): TenantState {
    let tenant = tenants.get(tenantId);
    if (!tenant) {
      tenant = { tenantId, rules: [], byMeasurement: new Map(), byAlertId: new Map(), canonical: new Map(), loadedAt: Number.NEGATIVE_INFINITY, stale: true, queue: Promise.resolve() };
      tenants.set(tenantId, tenant);
    }
    return tenant;
  }

  /** Runs `work` after the tenant's earlier work, with its rules fresh; failures are logged (alerting never fails ingest). */
  function exclusive(tenant: TenantState, work: (now: number) => Promise<Effect[]> | Effect[]): Promise<void> {
    const next = tenant.queue.then(async () => {
      try {
        const now = clock().getTime();
        if (tenant.stale || now - tenant.loadedAt >= refreshMs) await loadTenantRules(services.db, tenant, now);
        const effects = await work(now);
        if (effects.length > 0) await persistEffects(services, tenant, effects, log);
      } catch (error) {
        log(`alert evaluation failed for tenant ${tenant.tenantId}`, error);
      }
    });
    tenant.queue = next;
    return next;
  }

  function onRulesChanged(_message: unknown, channel: string): void {
    const tenantId = tenantOfChannel(channel);
    const tenant = tenantId ? tenants.get(tenantId) : undefined;
    if (tenant) tenant.stale = true;
  }

  /** A person resolved an alert: its slot forgets it, and raises a new one should the condition still hold. */
  function onAlertNotice(message: unknown, channel: string): void {
    const parsed = alertNoticeSchema.safeParse(message);
    if (!parsed.success) return;
    const notice: AlertNotice = parsed.data;
    const tenant = tenants.get(notice.tenantId);
    if (!tenant || tenantOfChannel(channel) !== notice.tenantId || notice.transition !== 'resolved' || notice.actor === null) return;
    void exclusive(tenant, () => {
      const slot = tenant.byAlertId.get(notice.alertId);
      if (slot) {
        tenant.byAlertId.delete(notice.alertId);
        slot.alertId = null;
        slot.machine.phase = 'normal';
      }
      return [];
    });
  }

  function onPipelineEvents(message: unknown, channel: string): void {
    const tenantId = tenantOfChannel(channel);
    if (!tenantId || !isPipelineEventsMessage(message)) return;
    const tenant = tenantFor(tenantId);
    void exclusive(tenant, (now) => handlePipelineEvents(tenant, message, now));
  }

  const unsubscribes: Unsubscribe[] = [];
  const started = Promise.all([
    services.bus.subscribe('tenant:*:alert-rules', onRulesChanged),
    services.bus.subscribe('tenant:*:alerts', onAlertNotice),
    services.bus.subscribe('tenant:*:pipeline-events', onPipelineEvents),
  ]).then(
    (subscribed) => {
      unsubscribes.push(...subscribed);
    },
    (error: unknown) => log('could not subscribe to rule changes, alert notices and pipeline events', error),
  );

  async function observe(batch: WrittenBatch): Promise<void> {
    await started;
    if (batch.points.length === 0) return;
    const tenant = tenantFor(batch.tenantId);
    await exclusive(tenant, (now) => evaluateBatch(tenant, batch.points, now));
  }

  /**
   * Tenants with enabled rules, whether or not their telemetry came by since this engine
   * started: quality score and pipeline event rules need no point of their own, and open
   * alerts are taken up (a system lookup across tenants, like the unshelving sweep's).
   */
  let discoveredAt = Number.NEGATIVE_INFINITY;
  async function discoverTenants(now: number): Promise<void> {
    if (now - discoveredAt < refreshMs) return;
    discoveredAt = now;
    const rows = await services.db.withSystem('find the tenants that have alert rules', (tx) =>
      tx.selectDistinct({ tenantId: schema.alertRules.tenantId }).from(schema.alertRules).where(eq(schema.alertRules.enabled, true)),
    );
    for (const row of rows) tenantFor(row.tenantId);
  }

  async function sweepOnce(): Promise<void> {
    await started;
    const now = clock().getTime();
    try {
      await discoverTenants(now);
    } catch (error) {
      log('could not look up the tenants that have alert rules', error);
    }
    await Promise.all(
      [...tenants.values()].map((tenant) =>
        exclusive(tenant, async (at) => [...sweepTenant(tenant, at, forgetAfterMs), ...(await readQualityScores(services.db, tenant, at, lookbackMs))]),
      ),
    );
    try {
      await unshelveDue(services, new Date(now), log);
    } catch (error) {
      log('could not unshelve alerts whose shelving ran out', error);
    }
  }

  const sweeping = singleFlight(sweepOnce);
  const sweepIntervalMs = options.sweepIntervalMs ?? 5000;
  const timer = sweepIntervalMs > 0 ? setInterval(() => void sweeping.run(), sweepIntervalMs) : null;
  timer?.unref?.();

  const settled = async () => {
    await started;
    await Promise.all([...tenants.values()].map((tenant) => tenant.queue));
  };

  return {
    name: 'alerts',
    observe,
    sweep: sweeping.run,
    settled,
    stats() {
      let rules = 0;
      let series = 0;
      let openAlerts = 0;
      for (const tenant of tenants.values()) {
        rules += tenant.rules.length;
        openAlerts += tenant.byAlertId.size;
        for (const rule of tenant.rules) series += rule.series.size + rule.eventSlots.size;
      }
      return { tenants: tenants.size, rules, series, openAlerts };
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      await sweeping.settled();
      await settled();
      await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe().catch((error: unknown) => log('could not unsubscribe from the bus', error))));
    },
  };
}

