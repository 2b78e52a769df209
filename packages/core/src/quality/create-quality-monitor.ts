import type { FieldValue, QualityCheck } from '@facilflow/contracts';
import { newId } from '../ids.ts';
import type { Services } from '../services.ts';
import type { TelemetryObserver, WrittenBatch } from '../telemetry/telemetry-observer.ts';
import { DriftDetector } from './drift-detector.ts';
import { BIT, CHECK_BITS, DEFAULT_QUALITY_THRESHOLDS, SEVERITY, type QualityThresholds } from './quality-thresholds.ts';
import { loadFieldRanges, loadOpenIssues, writeQuality, type FieldRange, type IssueWrite, type OpenIssueRow, type ScoreWrite } from './quality-store.ts';
import { RobustWindow } from './robust-window.ts';
import { seriesKey, TagTrie, type TagTrieNode } from './series-key.ts';
import { singleFlight } from '../single-flight.ts';

export interface QualityMonitorOptions {
  services: Pick<Services, 'db' | 'now'>;
  /** Score windows, by the points' own timestamps. */
  windowSeconds?: number;
  /** The clock for freshness and for closing windows and issues (defaults to services.now). */
  now?: () => Date;
  /** Runs `tick()` this often; 0 leaves it to the caller (tests drive a controlled clock). */
  tickIntervalMs?: number;
  thresholds?: Partial<QualityThresholds>;
  /** Field ranges are re-read from the schema registry this often. */
  rangesRefreshSeconds?: number;
  /** A field silent this long with no open issue is dropped from memory. */
  forgetAfterSeconds?: number;
  log?: (message: string, error?: unknown) => void;
}

export interface QualityMonitor extends TelemetryObserver {
  /**
   * Freshness checks, closes finished score windows and cleared issues, then writes pending
   * issues and scores to Postgres (one transaction per tenant). Runs on its own timer unless
   * `tickIntervalMs` is 0; never rejects.
   */
  tick(): Promise<void>;
  stats(): { tenants: number; series: number; fields: number; openIssues: number };
  /** Stops the timer, closes every window and writes what is pending. */
  close(): Promise<void>;
}

interface Episode {
  id: string;
  fs: FieldState;
  check: QualityCheck;
  bit: number;
  startedAt: number;
  lastSeenAt: number;
  hits: number;
  /** Server time of the last hit. */
  lastHitServer: number;
  /** Sample (or arrival) time the condition cleared; null while it holds. */
  clearedAt: number | null;
  clearedServer: number;
  closedAt: number | null;
  message: string;
  details: Record<string, unknown>;
  persisted: boolean;
  persistedSeenAt: number;
  dirty: boolean;
}

interface SeriesState {
  measurement: string;
  key: string;
  fields: Map<string, FieldState>;
  blockPoints: number;
  /** Fields nearly every point of this series carries (see `missing`). */
  usual: FieldState[];
  /** Where the tag trie leads to it (one path per tag order seen). */
  paths: TagTrieNode<SeriesState>[];
}

interface FieldState {
  series: SeriesState;
  field: string;
  numeric: boolean | null;
  samples: number;
  lastT: number;
  lastReceived: number;
  /** EWMA of the interval between samples, ms (source time). */
  interval: number;
  maxInterval: number;
  stale: boolean;
  rangeVersion: number;
  min: number;
  max: number;
  values: RobustWindow | null;
  rates: RobustWindow | null;
  drift: DriftDetector | null;
  prev: number;
  prevT: number;
  prevWasSpike: boolean;
  lastValue: number;
  run: number;
  runStartT: number;
  variation: number;
  variationAtRunStart: number;
  blockHits: number;
  winStart: number;
  winN: number;
  winClean: number;
  winCounts: Uint32Array | null;
  episodes: (Episode | undefined)[] | null;
  openEpisodes: number;
}

interface TenantState {
  tenantId: string;
  /** By measurement + tags in arrival order (several orders may alias one series). */
  trie: TagTrie<SeriesState>;
  byKey: Map<string, SeriesState>;
  /** Every field state, flat, for the sweep. */
  fields: FieldState[];
  ranges: Map<string, Map<string, FieldRange>>;
  rangesLoadedAt: Map<string, number>;
  rangesVersion: number;
  ready: Promise<void> | null;
  adopt: Map<string, OpenIssueRow[]>;
  dirty: Set<Episode>;
  scores: Map<string, ScoreWrite>;
}

const MAD_TO_SIGMA = 1.4826;
const MEAN_ABS_TO_SIGMA = 1.2533;
const MAX_PENDING_SCORES = 200_000;
const ISSUE_REWRITE_MS = 10_000;

/**
 * Streaming data quality per (series, field): range, null, missing, freshness, flatline,
 * spike, rate of change and drift (see `QualityThresholds` for how each decides). A sample
 * costs a few map lookups and array writes; issues and scores are written in batches by
 * `tick()`. Issues open on the first flagged sample (one open issue per series, field and
 * check), keep `lastSeenAt` current (rewritten at most every 10 s) and close once the
 * condition has been clear for `clearAfterSeconds`; `endedAt` is when it cleared.
 *
 * Scores: per (series, field) and window of `windowSeconds` (by the points' timestamps),
 * score = samples without any issue / samples, in `quality_scores` with per-check counts.
 * A sample counts as a sample with an issue when any check flags it: the sample itself for
 * range, null, spike and rate; an expected-but-absent field for missing; every sample of a
 * flatline run past its threshold and every sample while a drift holds. Windows without
 * samples have no score (freshness covers them).
 *
 * State lives in this process: with several ingest receivers, a series should reach one
 * of them (the agent's batches do, as one agent publishes on one topic).
 */
export function createQualityMonitor(options: QualityMonitorOptions): QualityMonitor {
  const { services } = options;
  const th: QualityThresholds = { ...DEFAULT_QUALITY_THRESHOLDS, ...options.thresholds };
  const windowMs = (options.windowSeconds ?? 60) * 1000;
  const graceMs = Math.min(windowMs / 2, 5000);
  const clock = options.now ?? services.now;
  const rangesRefreshMs = (options.rangesRefreshSeconds ?? 60) * 1000;
  const forgetMs = (options.forgetAfterSeconds ?? 6 * 3600) * 1000;
  const clearMs = th.clearAfterSeconds * 1000;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[quality] ${message}`, error ?? ''));
  const tenants = new Map<string, TenantState>();

  function tenantFor(tenantId: string): TenantState {
    let ts = tenants.get(tenantId);
    if (ts) return ts;
    const created: TenantState = {
      tenantId,
      trie: new TagTrie(),
      byKey: new Map(),
      fields: [],
      ranges: new Map(),
      rangesLoadedAt: new Map(),
      rangesVersion: 0,
      ready: null,
      adopt: new Map(),
      dirty: new Set(),
      scores: new Map(),
    };
    // Issues left open by a previous process are continued, not duplicated.
    created.ready = loadOpenIssues(services.db, tenantId).then(
      (rows) => {
        for (const row of rows) {
          const key = fieldKey(row.measurement, row.series, row.field);
          const list = created.adopt.get(key) ?? [];
          list.push(row);
          created.adopt.set(key, list);
        }
        created.ready = null;
      },
      (e: unknown) => {
        log(`could not load open issues of tenant ${tenantId}`, e);
        created.ready = null;
      },
    );
    ts = created;
    tenants.set(tenantId, ts);
    return ts;
  }

  async function loadRanges(ts: TenantState, measurements: string[]): Promise<void> {
    const at = clock().getTime();
    try {
      const loaded = await loadFieldRanges(services.db, ts.tenantId, measurements);
      for (const [m, ranges] of loaded) ts.ranges.set(m, ranges);
      ts.rangesVersion++;
    } catch (e) {
      log(`could not read field ranges of tenant ${ts.tenantId}`, e);
    }
    for (const m of measurements) ts.rangesLoadedAt.set(m, at);
  }

  function seriesFor(ts: TenantState, measurement: string, tags: Readonly<Record<string, string>>): SeriesState {
    const node = ts.trie.node(measurement, tags);
    if (node.value) return node.value;
    const key = seriesKey(tags);
    const canonical = measurement + '\u0000' + key;
    let ser = ts.byKey.get(canonical);
    if (!ser) {
      ser = { measurement, key, fields: new Map(), blockPoints: 0, usual: [], paths: [] };
      ts.byKey.set(canonical, ser);
    }
    ser.paths.push(node);
    node.value = ser;
    return ser;
  }

  function fieldFor(ts: TenantState, ser: SeriesState, field: string): FieldState {
    let fs = ser.fields.get(field);
    if (fs) return fs;
    fs = {
      series: ser,
      field,
      numeric: null,
      samples: 0,
      lastT: Number.NaN,
      lastReceived: 0,
      interval: Number.NaN,
      maxInterval: 0,
      stale: false,
      rangeVersion: -1,
      min: Number.NEGATIVE_INFINITY,
      max: Number.POSITIVE_INFINITY,
      values: null,
      rates: null,
      drift: null,
      prev: Number.NaN,
      prevT: Number.NaN,
      prevWasSpike: false,
      lastValue: Number.NaN,
      run: 0,
      runStartT: 0,
      variation: 0,
      variationAtRunStart: 0,
      blockHits: 0,
      winStart: -1,
      winN: 0,
      winClean: 0,
      winCounts: null,
      episodes: null,
      openEpisodes: 0,
    };
    ser.fields.set(field, fs);
    ts.fields.push(fs);
    const adopted = ts.adopt.get(fieldKey(ser.measurement, ser.key, field));
    if (adopted) {
      ts.adopt.delete(fieldKey(ser.measurement, ser.key, field));
      const server = clock().getTime();
      for (const row of adopted) {
        const bit = BIT[row.check as QualityCheck];
        if (bit === undefined) continue;
        const slot = Math.log2(bit);
        fs.episodes ??= new Array(CHECK_BITS.length);
        if (fs.episodes[slot]) continue;
        fs.episodes[slot] = {
          id: row.id,
          fs,
          check: row.check as QualityCheck,
          bit,
          startedAt: row.startedAt.getTime(),
          lastSeenAt: row.lastSeenAt.getTime(),
          hits: 1,
          lastHitServer: server,
          clearedAt: null,
          clearedServer: server,
          closedAt: null,
          message: row.message,
          details: (row.details as Record<string, unknown> | null) ?? {},
          persisted: true,
          persistedSeenAt: row.lastSeenAt.getTime(),
          dirty: false,
        };
        fs.openEpisodes++;
      }
    }
    return fs;
  }

  // ---- issues ---------------------------------------------------------------------------

  function hit(ts: TenantState, fs: FieldState, check: QualityCheck, t: number, server: number, describe: () => [string, Record<string, unknown>]): void {
    const bit = BIT[check];
    const slot = Math.log2(bit);
    fs.episodes ??= new Array(CHECK_BITS.length);
    let ep = fs.episodes[slot];
    if (!ep) {
      ep = {
        id: newId('qi'),
        fs,
        check,
        bit,
        startedAt: t,
        lastSeenAt: t,
        hits: 0,
        lastHitServer: server,
        clearedAt: null,
        clearedServer: server,
        closedAt: null,
        message: '',
        details: {},
        persisted: false,
        persistedSeenAt: 0,
        dirty: false,
      };
      fs.episodes[slot] = ep;
      fs.openEpisodes++;
    }
    ep.hits++;
    if (t > ep.lastSeenAt) ep.lastSeenAt = t;
    ep.lastHitServer = server;
    ep.clearedAt = null;
    if (!ep.dirty && (!ep.persisted || ep.lastSeenAt - ep.persistedSeenAt >= ISSUE_REWRITE_MS)) {
      const [message, details] = describe();
      ep.message = message;
      ep.details = { ...details, occurrences: ep.hits };
      ep.dirty = true;
      ts.dirty.add(ep);
    }
  }

  /** Episodes of sample checks clear on the first sample their check does not flag. */
  function clearEpisodes(fs: FieldState, flags: number, t: number, server: number): void {
    const episodes = fs.episodes!;
    for (let slot = 0; slot < episodes.length; slot++) {
      const ep = episodes[slot];
      if (!ep || ep.clearedAt !== null || (flags & ep.bit) !== 0 || ep.bit === BIT.freshness) continue;
      ep.clearedAt = t;
      ep.clearedServer = server;
    }
  }

  // ---- samples --------------------------------------------------------------------------

  function processValue(ts: TenantState, fs: FieldState, value: FieldValue, t: number, server: number): void {
    fs.samples++;
    if (t > fs.lastT) {
      const dt = t - fs.lastT;
      // A gap that made the field stale does not teach the usual interval.
      if (!fs.stale) {
        fs.interval = Number.isNaN(fs.interval) ? dt : fs.interval + 0.1 * (dt - fs.interval);
        fs.maxInterval = Math.max(dt, fs.maxInterval * 0.98);
      }
      fs.lastT = t;
    } else if (Number.isNaN(fs.lastT)) {
      fs.lastT = t;
    }
    fs.lastReceived = server;
    if (fs.stale) {
      fs.stale = false;
      const ep = fs.episodes?.[Math.log2(BIT.freshness)];
      if (ep && ep.clearedAt === null) {
        ep.clearedAt = server;
        ep.clearedServer = server;
      }
    }
    let flags = 0;
    if (typeof value === 'number') {
      if (fs.numeric === null) initNumeric(fs);
      if (!Number.isFinite(value)) {
        flags = BIT.null;
        hit(ts, fs, 'null', t, server, () => [`${describeField(fs)} reported ${String(value)}`, { value: String(value) }]);
      } else if (fs.numeric) {
        flags = numericChecks(ts, fs, value, t, server);
      }
    } else if (fs.numeric === null) {
      fs.numeric = false;
    } else if (fs.numeric) {
      flags = BIT.null;
      hit(ts, fs, 'null', t, server, () => [`${describeField(fs)} reported a ${typeof value} where it carries numbers`, { value }]);
    }
    record(ts, fs, t, server, flags);
  }

  function initNumeric(fs: FieldState): void {
    fs.numeric = true;
    fs.values = new RobustWindow(th.spikeWindow);
    fs.rates = new RobustWindow(th.spikeWindow);
    fs.drift = new DriftDetector(th.drift);
  }

  function numericChecks(ts: TenantState, fs: FieldState, v: number, t: number, server: number): number {
    let flags = 0;
    if (fs.rangeVersion !== ts.rangesVersion) {
      const range = ts.ranges.get(fs.series.measurement)?.get(fs.field);
      fs.min = range?.min ?? Number.NEGATIVE_INFINITY;
      fs.max = range?.max ?? Number.POSITIVE_INFINITY;
      fs.rangeVersion = ts.rangesVersion;
    }
    if (v < fs.min || v > fs.max) {
      flags |= BIT.range;
      hit(ts, fs, 'range', t, server, () => [
        `${describeField(fs)} = ${round(v)} is outside its range ${fs.min}..${fs.max}`,
        { value: v, min: Number.isFinite(fs.min) ? fs.min : null, max: Number.isFinite(fs.max) ? fs.max : null },
      ]);
    }

    // Spike: far from the rolling median (robust z on median/MAD) *and* a jump from the previous sample
    // against recent jumps; a trend, a sine near its crest or a random walk moves away from its median
    // without jumping, a bad sample jumps.
    const values = fs.values!;
    const rates = fs.rates!;
    const floor = 1e-9 * (1 + Math.abs(values.median));
    const dtS = (t - fs.prevT) / 1000;
    const rate = dtS > 0 ? (v - fs.prev) / dtS : Number.NaN;
    const ratesReady = rates.count >= th.spikeMinSamples && !Number.isNaN(rate);
    // A value out of range is reported as such only, and kept out of the statistics like a spike.
    const invalid = (flags & BIT.range) !== 0;
    let spike = false;
    if (!invalid && values.count >= th.spikeMinSamples && values.mad > floor) {
      const scale = MAD_TO_SIGMA * values.mad;
      const z = (v - values.median) / scale;
      if (z > th.spikeZ || z < -th.spikeZ) {
        const jumpScale = rates.mad > floor ? MAD_TO_SIGMA * rates.mad : MEAN_ABS_TO_SIGMA * rates.meanAbsDev;
        const jumpZ = ratesReady && jumpScale > floor ? (rate - rates.median) / jumpScale : Number.POSITIVE_INFINITY;
        if (jumpZ > th.spikeJumpZ || jumpZ < -th.spikeJumpZ) {
          spike = true;
          flags |= BIT.spike;
          const median = values.median;
          hit(ts, fs, 'spike', t, server, () => [
            `${describeField(fs)} = ${round(v)} is an outlier: ${round(z)} robust standard deviations from the recent median ${round(median)}`,
            { value: v, z: round(z), median: round(median), sigma: round(scale) },
          ]);
        }
      }
    }
    values.push(v);

    // Rate of change: the jump from the previous sample against the field's usual rates (none when
    // most recent rates are one value, e.g. a counter between increments). A spike and the sample
    // after it are left out: the spike check owns both jumps.
    if (!spike && !invalid && !fs.prevWasSpike && !Number.isNaN(rate)) {
      if (ratesReady && rates.mad > floor) {
        const scale = MAD_TO_SIGMA * rates.mad;
        const z = (rate - rates.median) / scale;
        if (z > th.rateZ || z < -th.rateZ) {
          flags |= BIT.rate;
          const from = fs.prev;
          hit(ts, fs, 'rate', t, server, () => [
            `${describeField(fs)} jumped from ${round(from)} to ${round(v)} in ${round(dtS)} s (${round(rate)}/s, ${round(z)} robust standard deviations from its usual rate)`,
            { from, to: v, seconds: round(dtS), ratePerSecond: round(rate), z: round(z), usualRatePerSecond: round(rates.median) },
          ]);
        }
      }
      rates.push(rate);
    }
    if (!(t < fs.prevT)) {
      fs.prev = v;
      fs.prevT = t;
      fs.prevWasSpike = spike || invalid;
    }

    // Flatline: the same value over and over, on a field that usually changes sample to sample.
    const changed = v !== fs.lastValue;
    if (changed) {
      fs.variationAtRunStart = fs.variation;
      fs.run = 1;
      fs.runStartT = t;
    } else {
      fs.run++;
    }
    fs.variation += ((changed ? 1 : 0) - fs.variation) * 0.02;
    fs.lastValue = v;
    if (
      fs.run >= th.flatlineSamples &&
      t - fs.runStartT >= th.flatlineSeconds * 1000 &&
      fs.samples >= 50 &&
      fs.variationAtRunStart >= th.flatlineMinVariation
    ) {
      flags |= BIT.flatline;
      const run = fs.run;
      const since = fs.runStartT;
      hit(ts, fs, 'flatline', t, server, () => [
        `${describeField(fs)} has been stuck at ${round(v)} for ${run} samples (${round((t - since) / 1000)} s) though it usually changes every sample`,
        { value: v, samples: run, seconds: round((t - since) / 1000), since: new Date(since).toISOString() },
      ]);
    }

    // Drift (buckets of the field's samples, spikes and out-of-range values left out).
    if (!spike && !invalid) {
      const drift = fs.drift!;
      drift.add(t, v);
      if (drift.active && drift.verdict) {
        flags |= BIT.drift;
        const d = drift.verdict;
        hit(ts, fs, 'drift', t, server, () => [
          `${describeField(fs)} is drifting ${d.slopePerMinute >= 0 ? '+' : ''}${round(d.slopePerMinute)}/min away from its steady ${round(d.baselineMean)} ± ${round(d.noise)} (trend ${round(d.t)}× its standard error over ${d.windowSeconds} s)`,
          { slopePerMinute: round(d.slopePerMinute), t: round(d.t), windowSeconds: d.windowSeconds, baseline: round(d.baselineMean), noise: round(d.noise), value: v },
        ]);
      }
    }
    return flags;
  }

  function recordMissing(ts: TenantState, fs: FieldState, t: number, server: number): void {
    hit(ts, fs, 'missing', t, server, () => [
      `${describeField(fs)} is missing from a point of a series whose points nearly always carry it`,
      { at: new Date(t).toISOString() },
    ]);
    record(ts, fs, t, server, BIT.missing);
  }

  function record(ts: TenantState, fs: FieldState, t: number, server: number, flags: number): void {
    if (fs.openEpisodes > 0) clearEpisodes(fs, flags, t, server);
    const start = t - (t % windowMs);
    if (start !== fs.winStart) {
      if (fs.winStart < 0 || start > fs.winStart) {
        if (fs.winStart >= 0) closeWindow(ts, fs);
        fs.winStart = start;
      } else {
        // A late sample for a window already closed: its score row is added to.
        addScore(ts, fs, start, 1, flags === 0 ? 1 : 0, flags === 0 ? null : countsOf(flags));
        return;
      }
    }
    fs.winN++;
    if (flags === 0) {
      fs.winClean++;
    } else {
      fs.winCounts ??= new Uint32Array(CHECK_BITS.length);
      for (let slot = 0; slot < CHECK_BITS.length; slot++) if (flags & (1 << slot)) fs.winCounts[slot]!++;
    }
  }

  function countsOf(flags: number): Uint32Array {
    const counts = new Uint32Array(CHECK_BITS.length);
    for (let slot = 0; slot < CHECK_BITS.length; slot++) if (flags & (1 << slot)) counts[slot] = 1;
    return counts;
  }

  function closeWindow(ts: TenantState, fs: FieldState): void {
    if (fs.winN > 0) addScore(ts, fs, fs.winStart, fs.winN, fs.winClean, fs.winCounts);
    fs.winStart = -1;
    fs.winN = 0;
    fs.winClean = 0;
    fs.winCounts = null;
  }

  function addScore(ts: TenantState, fs: FieldState, start: number, n: number, clean: number, counts: Uint32Array | null): void {
    const key = `${fs.series.measurement}\u0000${fs.series.key}\u0000${fs.field}\u0000${start}`;
    let row = ts.scores.get(key);
    if (!row) {
      if (ts.scores.size >= MAX_PENDING_SCORES) return;
      row = {
        measurement: fs.series.measurement,
        series: fs.series.key,
        field: fs.field,
        windowStart: new Date(start),
        windowSeconds: windowMs / 1000,
        points: 0,
        counts: { clean: 0 },
      };
      ts.scores.set(key, row);
    }
    row.points += n;
    row.counts.clean = (row.counts.clean ?? 0) + clean;
    if (counts) {
      for (let slot = 0; slot < CHECK_BITS.length; slot++) {
        const c = counts[slot]!;
        if (c > 0) {
          const check = CHECK_BITS[slot]!;
          row.counts[check] = (row.counts[check] ?? 0) + c;
        }
      }
    }
  }

  // ---- observe --------------------------------------------------------------------------

  async function observe(batch: WrittenBatch): Promise<void> {
    try {
      const ts = tenantFor(batch.tenantId);
      if (ts.ready) await ts.ready;
      const points = batch.points;
      let unknown: Set<string> | null = null;
      let lastM = '';
      for (let i = 0; i < points.length; i++) {
        const m = points[i]!.m;
        if (m === lastM) continue;
        lastM = m;
        if (!ts.rangesLoadedAt.has(m)) (unknown ??= new Set()).add(m);
      }
      if (unknown) await loadRanges(ts, [...unknown]);
      const server = batch.receivedAt.getTime();
      for (let i = 0; i < points.length; i++) {
        const p = points[i]!;
        const ser = seriesFor(ts, p.m, p.tags);
        const f = p.f;
        for (const name in f) {
          const fs = fieldFor(ts, ser, name);
          fs.blockHits++;
          processValue(ts, fs, f[name]!, p.t, server);
        }
        const usual = ser.usual;
        for (let u = 0; u < usual.length; u++) {
          const fs = usual[u]!;
          if (!(fs.field in f)) recordMissing(ts, fs, p.t, server);
        }
        if (++ser.blockPoints >= th.missingBlock) {
          const need = ser.blockPoints * th.missingPresence;
          ser.usual = [];
          for (const fs of ser.fields.values()) {
            if (fs.blockHits >= need && ser.fields.size > 1) ser.usual.push(fs);
            fs.blockHits = 0;
          }
          ser.blockPoints = 0;
        }
      }
    } catch (e) {
      // Quality never fails ingest: the points are stored whatever happens here.
      log(`observe failed for tenant ${batch.tenantId}`, e);
    }
  }

  // ---- tick -----------------------------------------------------------------------------

  function sweep(now: number): string[][] {
    const reload: string[][] = [];
    const minStaleMs = th.freshnessMinSeconds * 1000;
    for (const ts of tenants.values()) {
      const fields = ts.fields;
      let forgotten = false;
      for (let i = 0; i < fields.length; i++) {
        const fs = fields[i]!;
        if (fs.winStart >= 0 && now >= fs.winStart + windowMs + graceMs) closeWindow(ts, fs);
        const silence = now - fs.lastReceived;
        // Nothing can be stale before the shortest freshness threshold: most fields stop here.
        if (silence > minStaleMs) checkFreshness(ts, fs, now);
        if (fs.openEpisodes > 0) closeCleared(ts, fs, now);
        if (silence > forgetMs && fs.openEpisodes === 0 && fs.winStart < 0) {
          forget(ts, fs);
          fields[i] = fields[fields.length - 1]!;
          fields.pop();
          i--;
          forgotten = true;
        }
      }
      if (forgotten) ts.trie.prune();
      const stale: string[] = [];
      for (const [m, at] of ts.rangesLoadedAt) if (now - at >= rangesRefreshMs) stale.push(m);
      if (stale.length > 0) reload.push([ts.tenantId, ...stale]);
    }
    return reload;
  }

  function forget(ts: TenantState, fs: FieldState): void {
    const ser = fs.series;
    ser.fields.delete(fs.field);
    ser.usual = ser.usual.filter((u) => u !== fs);
    if (ser.fields.size > 0) return;
    ts.byKey.delete(`${ser.measurement}\u0000${ser.key}`);
    for (const node of ser.paths) node.value = undefined;
  }

  function checkFreshness(ts: TenantState, fs: FieldState, now: number): void {
    if (fs.samples < th.freshnessMinSamples || Number.isNaN(fs.interval)) return;
    const expected = Math.max(fs.interval * th.freshnessIntervals, fs.maxInterval * 2, th.freshnessMinSeconds * 1000);
    const silence = now - fs.lastReceived;
    if (silence <= expected) return;
    fs.stale = true;
    const lastReceived = fs.lastReceived;
    const slot = Math.log2(BIT.freshness);
    const existed = fs.episodes?.[slot];
    hit(ts, fs, 'freshness', now, now, () => [
      `${describeField(fs)} has sent nothing for ${Math.round(silence / 1000)} s (it usually reports every ${round(fs.interval / 1000)} s)`,
      { silenceSeconds: Math.round(silence / 1000), expectedIntervalSeconds: round(fs.interval / 1000), lastReceivedAt: new Date(lastReceived).toISOString() },
    ]);
    // It started when the silence became too long, not when it was noticed.
    if (!existed) fs.episodes![slot]!.startedAt = lastReceived + expected;
  }

  function closeCleared(ts: TenantState, fs: FieldState, now: number): void {
    const episodes = fs.episodes!;
    for (let slot = 0; slot < episodes.length; slot++) {
      const ep = episodes[slot];
      if (!ep || ep.clearedAt === null || now - ep.clearedServer < clearMs) continue;
      ep.closedAt = Math.max(ep.clearedAt, ep.startedAt);
      ep.dirty = true;
      ts.dirty.add(ep);
      episodes[slot] = undefined;
      fs.openEpisodes--;
    }
  }

  async function flush(): Promise<void> {
    for (const ts of tenants.values()) {
      if (ts.dirty.size === 0 && ts.scores.size === 0) continue;
      const episodes = [...ts.dirty];
      const scoreRows = [...ts.scores.values()];
      ts.dirty = new Set();
      ts.scores = new Map();
      const writes: IssueWrite[] = episodes.map((ep) => {
        const write: IssueWrite = {
          id: ep.id,
          insert: !ep.persisted,
          measurement: ep.fs.series.measurement,
          series: ep.fs.series.key,
          field: ep.fs.field,
          check: ep.check,
          severity: SEVERITY[ep.check],
          message: ep.message,
          details: ep.details,
          startedAt: new Date(ep.startedAt),
          lastSeenAt: new Date(ep.lastSeenAt),
          endedAt: ep.closedAt === null ? null : new Date(ep.closedAt),
        };
        ep.dirty = false;
        ep.persisted = true;
        ep.persistedSeenAt = ep.lastSeenAt;
        return write;
      });
      try {
        await writeQuality(services.db, ts.tenantId, writes, scoreRows);
      } catch (e) {
        log(`could not write quality of tenant ${ts.tenantId}; retrying`, e);
        episodes.forEach((ep, i) => {
          if (writes[i]!.insert) ep.persisted = false;
          ep.dirty = true;
          ts.dirty.add(ep);
        });
        for (const row of scoreRows) {
          const key = `${row.measurement}\u0000${row.series}\u0000${row.field}\u0000${row.windowStart.getTime()}`;
          const pending = ts.scores.get(key);
          if (!pending) {
            if (ts.scores.size < MAX_PENDING_SCORES) ts.scores.set(key, row);
            continue;
          }
          pending.points += row.points;
          for (const [k, c] of Object.entries(row.counts)) pending.counts[k] = (pending.counts[k] ?? 0) + c;
        }
      }
    }
  }

  async function reloadRanges(reload: string[][]): Promise<void> {
    for (const [tenantId, ...measurements] of reload) {
      const ts = tenants.get(tenantId!);
      if (ts) await loadRanges(ts, measurements);
    }
  }

  async function tickOnce(): Promise<void> {
    try {
      const reload = sweep(clock().getTime());
      await flush();
      await reloadRanges(reload);
    } catch (e) {
      log('tick failed', e);
    }
  }

  const ticking = singleFlight(tickOnce);
  const tick = ticking.run;

  const tickIntervalMs = options.tickIntervalMs ?? 1000;
  const timer = tickIntervalMs > 0 ? setInterval(() => void tick(), tickIntervalMs) : null;
  timer?.unref?.();

  return {
    name: 'quality',
    observe,
    tick,
    stats() {
      let series = 0;
      let fields = 0;
      let openIssues = 0;
      for (const ts of tenants.values()) {
        series += ts.byKey.size;
        for (const ser of ts.byKey.values()) {
          fields += ser.fields.size;
          for (const fs of ser.fields.values()) openIssues += fs.openEpisodes;
        }
      }
      return { tenants: tenants.size, series, fields, openIssues };
    },
    async close() {
      if (timer) clearInterval(timer);
      await ticking.settled();
      for (const ts of tenants.values()) for (const ser of ts.byKey.values()) for (const fs of ser.fields.values()) if (fs.winStart >= 0) closeWindow(ts, fs);
      await flush();
    },
  };
}

function fieldKey(measurement: string, series: string, field: string): string {
  return `${measurement}\u0000${series}\u0000${field}`;
}

function describeField(fs: FieldState): string {
  return `${fs.series.measurement}.${fs.field}${fs.series.key ? ` (${fs.series.key})` : ''}`;
}

function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  const digits = a >= 100 ? 1 : a >= 1 ? 2 : 4;
  return Number(x.toFixed(digits));
}
