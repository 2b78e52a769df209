/**
 * Drift: a field that was steady (its level constant up to white noise) starts trending.
 *
 * Samples go into fixed time buckets (n, Σx, Σx² per bucket, a ring of
 * `referenceBuckets + recentBuckets`). Each time a bucket closes:
 * - **baseline** (the older `referenceBuckets`, frozen while a drift is active): the pooled
 *   within-bucket variance σ² is the noise; the field is *steady* when its bucket means scatter
 *   no more than white noise would (Σ nᵦ(x̄ᵦ − x̄)² / σ² / (k − 1) ≤ `steadyMaxRatio`, ≈ 1 for
 *   white noise, far above for sines, random walks and counters, which therefore never drift);
 * - **trend** (the newest `recentBuckets`, and its last `minRecentBuckets` for fast drifts): a
 *   weighted least-squares line through the bucket means; t = slope / (σ / √Sττ). A drift opens
 *   when |t| ≥ `tOpen`, the change over the window is at least `minChangeSigmas`·σ (statistically
 *   significant *and* visible) and the line explains the window (residual ratio ≤
 *   `linearMaxRatio`, so a step is not called a drift); it holds while |t| ≥ `tHold`.
 * For the demo plant (Oven2 ZoneTemperature1: 210 ± 1.5 °C, then +0.8 °C/min) t reaches ≈ 13
 * over a full 5-minute window, while a steady oven's t is N(0, 1).
 */
export interface DriftOptions {
  bucketSeconds: number;
  referenceBuckets: number;
  recentBuckets: number;
  minReferenceBuckets: number;
  minRecentBuckets: number;
  steadyMaxRatio: number;
  tOpen: number;
  tHold: number;
  minChangeSigmas: number;
  linearMaxRatio: number;
}

export const DEFAULT_DRIFT_OPTIONS: DriftOptions = {
  bucketSeconds: 10,
  referenceBuckets: 30,
  recentBuckets: 30,
  minReferenceBuckets: 20,
  minRecentBuckets: 12,
  steadyMaxRatio: 3,
  tOpen: 6,
  tHold: 4,
  minChangeSigmas: 1,
  linearMaxRatio: 3,
};

export interface DriftVerdict {
  slopePerMinute: number;
  t: number;
  windowSeconds: number;
  baselineMean: number;
  noise: number;
}

interface Baseline {
  mean: number;
  sigma: number;
  steady: boolean;
}

export class DriftDetector {
  private readonly n: Float64Array;
  private readonly sum: Float64Array;
  private readonly sumSq: Float64Array;
  private readonly total: number;
  private readonly bucketMs: number;
  private bucket = -1;
  private offset = 0;
  private baseline: Baseline | null = null;
  active = false;
  verdict: DriftVerdict | null = null;

  constructor(private readonly o: DriftOptions = DEFAULT_DRIFT_OPTIONS) {
    this.total = o.referenceBuckets + o.recentBuckets;
    this.n = new Float64Array(this.total);
    this.sum = new Float64Array(this.total);
    this.sumSq = new Float64Array(this.total);
    this.bucketMs = o.bucketSeconds * 1000;
  }

  /** Adds a sample (epoch ms, value); evaluates when it closes a bucket. */
  add(t: number, x: number): void {
    const b = Math.floor(t / this.bucketMs);
    if (this.bucket < 0) {
      this.bucket = b;
      this.offset = x;
    } else if (b > this.bucket) {
      this.evaluate(this.bucket);
      const clear = Math.min(b - this.bucket, this.total);
      for (let i = 1; i <= clear; i++) this.reset((this.bucket + i) % this.total);
      this.bucket = b;
    } else if (b <= this.bucket - this.total) {
      return;
    }
    const i = b % this.total;
    const d = x - this.offset;
    this.n[i]! += 1;
    this.sum[i]! += d;
    this.sumSq[i]! += d * d;
  }

  private reset(i: number): void {
    this.n[i] = 0;
    this.sum[i] = 0;
    this.sumSq[i] = 0;
  }

  private evaluate(cur: number): void {
    const o = this.o;
    if (!this.active) this.baseline = this.learnBaseline(cur - this.total + 1, cur - o.recentBuckets);
    const base = this.baseline;
    if (!base?.steady) {
      this.active = false;
      this.verdict = null;
      return;
    }
    const long = this.trend(cur, o.recentBuckets, base);
    const short = this.trend(cur, o.minRecentBuckets, base);
    const threshold = this.active ? o.tHold : o.tOpen;
    const pick = [long, short].find(
      (v) => v !== null && Math.abs(v.t) >= threshold && Math.abs(v.slopePerMinute / 60) * v.windowSeconds >= o.minChangeSigmas * base.sigma,
    );
    this.active = pick !== undefined;
    this.verdict = pick ?? null;
  }

  private learnBaseline(first: number, last: number): Baseline | null {
    let k = 0;
    let count = 0;
    let total = 0;
    let within = 0;
    let df = 0;
    for (let b = first; b <= last; b++) {
      if (b < 0) continue;
      const i = b % this.total;
      const nb = this.n[i]!;
      if (nb === 0) continue;
      const s = this.sum[i]!;
      k++;
      count += nb;
      total += s;
      within += this.sumSq[i]! - (s * s) / nb;
      df += nb - 1;
    }
    if (k < this.o.minReferenceBuckets || df < 10) return null;
    const variance = within / df;
    const mean = total / count;
    if (!(variance > 1e-12 * (1 + mean * mean))) return null;
    let q = 0;
    for (let b = first; b <= last; b++) {
      if (b < 0) continue;
      const i = b % this.total;
      const nb = this.n[i]!;
      if (nb === 0) continue;
      const dev = this.sum[i]! / nb - mean;
      q += nb * dev * dev;
    }
    return { mean: mean + this.offset, sigma: Math.sqrt(variance), steady: q / variance / (k - 1) <= this.o.steadyMaxRatio };
  }

  private trend(cur: number, buckets: number, base: Baseline): DriftVerdict | null {
    let k = 0;
    let w = 0;
    let st = 0;
    let sy = 0;
    let stt = 0;
    let sty = 0;
    let firstTau = 0;
    for (let b = cur - buckets + 1; b <= cur; b++) {
      if (b < 0) continue;
      const i = b % this.total;
      const nb = this.n[i]!;
      if (nb === 0) continue;
      const tau = (b - cur) * this.o.bucketSeconds;
      const mean = this.sum[i]! / nb;
      if (k === 0) firstTau = tau;
      k++;
      w += nb;
      st += nb * tau;
      sy += nb * mean;
      stt += nb * tau * tau;
      sty += nb * tau * mean;
    }
    if (k < this.o.minRecentBuckets) return null;
    const tauBar = st / w;
    const yBar = sy / w;
    const sxx = stt - w * tauBar * tauBar;
    if (sxx <= 0) return null;
    const slope = (sty - w * tauBar * yBar) / sxx;
    const variance = base.sigma * base.sigma;
    let q = 0;
    for (let b = cur - buckets + 1; b <= cur; b++) {
      if (b < 0) continue;
      const i = b % this.total;
      const nb = this.n[i]!;
      if (nb === 0) continue;
      const r = this.sum[i]! / nb - (yBar + slope * ((b - cur) * this.o.bucketSeconds - tauBar));
      q += nb * r * r;
    }
    if (k > 2 && q / variance / (k - 2) > this.o.linearMaxRatio) return null;
    return {
      slopePerMinute: slope * 60,
      t: slope / (base.sigma / Math.sqrt(sxx)),
      windowSeconds: -firstTau + this.o.bucketSeconds,
      baselineMean: base.mean,
      noise: base.sigma,
    };
  }
}
