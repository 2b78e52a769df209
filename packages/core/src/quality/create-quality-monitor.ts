import type { Services } from '../services.ts';
import { singleFlight } from '../single-flight.ts';
import type { TelemetryObserver, WrittenBatch } from '../telemetry/telemetry-observer.ts';
import { evaluatePresence, evaluateSample } from './evaluate-sample.ts';
import { loadFieldRanges } from './field-ranges.ts';
import { flushTenant } from './flush-tenant.ts';
import { DEFAULT_QUALITY_THRESHOLDS, type QualityThresholds } from './quality-thresholds.ts';
import { loadOpenIssues } from './quality-store.ts';
import { closeFieldWindow } from './score-windows.ts';
import { countPointForMissing } from './series-state.ts';
import { sweepTenant, type SweepSettings } from './sweep-tenant.ts';
import { fieldFor, issueKey, newTenantState, seriesFor, sourceFor, type TenantState } from './tenant-state.ts';

export interface QualityMonitorOptions {
  services: Pick<Services, 'db' | 'now'>;
  /** Score windows, by the points' own timestamps. */
  windowSeconds?: number;
  /** The clock (defaults to services.now): only for a tenant silent as a whole, and for re-reading field ranges. */
  now?: () => Date;
  /** Runs `tick()` this often; 0 leaves it to the caller (tests drive a controlled clock). */
  tickIntervalMs?: number;
  thresholds?: Partial<QualityThresholds>;
  /** Field ranges are re-read from the schema registry this often. */
  rangesRefreshSeconds?: number;
  /** A field silent this long (event time) with no open issue is dropped from memory. */
  forgetAfterSeconds?: number;
  /** A source (agent) that sent nothing for this long on the clock has its event time moved on by the clock (see `eventTimeReached`). */
  sourceSilentAfterSeconds?: number;
  log?: (message: string, error?: unknown) => void;
}

export interface QualityMonitor extends TelemetryObserver {
  /**
   * Freshness checks, closes finished score windows and cleared issues, then writes pending
   * issues and windows to Postgres (one transaction per tenant). Runs on its own timer unless
   * `tickIntervalMs` is 0; never rejects.
   */
  tick(): Promise<void>;
  stats(): { tenants: number; series: number; fields: number; openIssues: number };
  /** Stops the timer, closes every window and writes what is pending. */
  close(): Promise<void>;
}

/**
 * Streaming data quality per (series, field): range, null, missing, freshness, flatline, spike,
 * rate of change and drift (`checks/`, thresholds in `QualityThresholds`). A sample costs a few
 * map lookups and array writes. Everything is decided by the points' own timestamps, per source (see
 * `eventTimeReached`), so batches may come late and large, in order.
 *
 * Issues open on the first flagged sample (one open per series, field and check), carry their
 * evidence (retaken at most every 10 s of event time) and close once the condition has been
 * clear for `clearAfterSeconds`; `endedAt` is when it cleared. Scores: per (measurement, field)
 * and window of `windowSeconds`, samples without any finding / samples, over all its series;
 * a series' own window is written only when a check flagged one of its samples.
 *
 * State lives in this process: a tenant's batches should reach one monitor, in order.
 */
export function createQualityMonitor(options: QualityMonitorOptions): QualityMonitor {
  const { services } = options;
  const thresholds: QualityThresholds = { ...DEFAULT_QUALITY_THRESHOLDS, ...options.thresholds };
  const windowSeconds = options.windowSeconds ?? 60;
  const windowMs = windowSeconds * 1000;
  const settings: SweepSettings = {
    thresholds,
    windowMs,
    clearAfterMs: thresholds.clearAfterSeconds * 1000,
    graceMs: Math.min(windowMs / 2, 5000),
    forgetAfterMs: (options.forgetAfterSeconds ?? 6 * 3600) * 1000,
    sourceSilentAfterMs: (options.sourceSilentAfterSeconds ?? 30) * 1000,
  };
  const clock = options.now ?? services.now;
  const rangesRefreshMs = (options.rangesRefreshSeconds ?? 60) * 1000;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[quality] ${message}`, error ?? ''));
  const tenants = new Map<string, TenantState>();

  function tenantFor(tenantId: string): TenantState {
    const known = tenants.get(tenantId);
    if (known) return known;
    const tenant = newTenantState(tenantId);
    tenant.ready = loadOpenIssues(services.db, tenantId).then(
      (rows) => {
        for (const row of rows) {
          const key = issueKey(row.measurement, row.series, row.field);
          const list = tenant.openIssuesToAdopt.get(key) ?? [];
          list.push(row);
          tenant.openIssuesToAdopt.set(key, list);
        }
        tenant.ready = null;
      },
      (error: unknown) => {
        log(`could not load open issues of tenant ${tenantId}`, error);
        tenant.ready = null;
      },
    );
    tenants.set(tenantId, tenant);
    return tenant;
  }

  async function loadRanges(tenant: TenantState, measurements: string[]): Promise<void> {
    const at = clock().getTime();
    try {
      const loaded = await loadFieldRanges(services.db, tenant.tenantId, measurements);
      for (const [measurement, ranges] of loaded) tenant.ranges.set(measurement, ranges);
      tenant.rangesVersion++;
    } catch (error) {
      log(`could not read field ranges of tenant ${tenant.tenantId}`, error);
    }
    for (const measurement of measurements) tenant.rangesLoadedAt.set(measurement, at);
  }

  async function observe(batch: WrittenBatch): Promise<void> {
    try {
      const tenant = tenantFor(batch.tenantId);
      if (tenant.ready) await tenant.ready;
      const points = batch.points;
      if (points.length === 0) return;
      let unknown: Set<string> | null = null;
      let lastMeasurement = '';
      for (let i = 0; i < points.length; i++) {
        const measurement = points[i]!.m;
        if (measurement === lastMeasurement) continue;
        lastMeasurement = measurement;
        if (!tenant.rangesLoadedAt.has(measurement)) (unknown ??= new Set()).add(measurement);
      }
      if (unknown) await loadRanges(tenant, [...unknown]);
      const source = sourceFor(tenant, batch.agentId);
      source.lastArrival = clock().getTime();
      for (let i = 0; i < points.length; i++) {
        const point = points[i]!;
        if (point.t > source.watermark) source.watermark = point.t;
        const series = seriesFor(tenant, source, point.m, point.tags);
        const values = point.f;
        for (const name in values) {
          const fieldState = fieldFor(tenant, series, name);
          fieldState.hitsInBlock++;
          evaluateSample(settings, tenant, fieldState, values[name]!, point.t);
        }
        const usual = series.usualFields;
        for (let u = 0; u < usual.length; u++) evaluatePresence(settings, tenant, usual[u]!, usual[u]!.field in values, point.t);
        countPointForMissing(series, thresholds.missingBlock, thresholds.missingPresence);
      }
    } catch (error) {
      // Quality never fails ingest: the points are stored whatever happens here.
      log(`observe failed for tenant ${batch.tenantId}`, error);
    }
  }

  async function flush(): Promise<void> {
    for (const tenant of tenants.values()) {
      try {
        await flushTenant(services.db, tenant, windowSeconds);
      } catch (error) {
        log(`could not write quality of tenant ${tenant.tenantId}; retrying`, error);
      }
    }
  }

  async function tickOnce(): Promise<void> {
    try {
      const now = clock().getTime();
      const reload: Array<[TenantState, string[]]> = [];
      for (const tenant of tenants.values()) {
        sweepTenant(settings, tenant, now);
        const stale = [...tenant.rangesLoadedAt].filter(([, at]) => now - at >= rangesRefreshMs).map(([measurement]) => measurement);
        if (stale.length > 0) reload.push([tenant, stale]);
      }
      await flush();
      for (const [tenant, measurements] of reload) await loadRanges(tenant, measurements);
    } catch (error) {
      log('tick failed', error);
    }
  }

  const ticking = singleFlight(tickOnce);
  const tickIntervalMs = options.tickIntervalMs ?? 1000;
  const timer = tickIntervalMs > 0 ? setInterval(() => void ticking.run(), tickIntervalMs) : null;
  timer?.unref?.();

  return {
    name: 'quality',
    observe,
    tick: ticking.run,
    stats() {
      let series = 0;
      let fields = 0;
      let openIssues = 0;
      for (const tenant of tenants.values()) {
        series += tenant.seriesByKey.size;
        fields += tenant.fields.length;
        for (const fieldState of tenant.fields) openIssues += fieldState.openEpisodes;
      }
      return { tenants: tenants.size, series, fields, openIssues };
    },
    async close() {
      if (timer) clearInterval(timer);
      await ticking.settled();
      for (const tenant of tenants.values()) for (const fieldState of tenant.fields) closeFieldWindow(tenant.pendingScores, fieldState);
      await flush();
    },
  };
}
