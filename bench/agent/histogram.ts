/**
 * Latencies in whole milliseconds, counted per millisecond up to a minute (anything longer in the
 * last slot): recording 50,000 values a second is an array increment each, and percentiles are
 * exact at that resolution.
 */
export class LatencyHistogram {
  readonly #counts = new Uint32Array(60_001);
  #total = 0;

  record(ms: number): void {
    const slot = Math.min(this.#counts.length - 1, Math.max(0, Math.round(ms)));
    this.#counts[slot] = (this.#counts[slot] ?? 0) + 1;
    this.#total += 1;
  }

  get count(): number {
    return this.#total;
  }

  /** The smallest latency at or under which a fraction `q` of the values lie; NaN when empty. */
  quantile(q: number): number {
    if (this.#total === 0) return Number.NaN;
    const rank = Math.ceil(q * this.#total);
    let seen = 0;
    for (let ms = 0; ms < this.#counts.length; ms += 1) {
      seen += this.#counts[ms] ?? 0;
      if (seen >= rank) return ms;
    }
    return this.#counts.length - 1;
  }

  reset(): void {
    this.#counts.fill(0);
    this.#total = 0;
  }
}
