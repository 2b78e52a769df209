/**
 * Rolling median and MAD (median absolute deviation) over the last `capacity` samples.
 * Both are recomputed every `refreshEvery` pushes (two quickselects over a copy of the ring),
 * so the amortized cost per sample is a few array writes. The estimate lags by at most
 * `refreshEvery` samples, which matters only for steep trends and is covered by the threshold.
 */
// One scratch buffer for every window: refreshes run one at a time on the event loop.
let scratch = new Float64Array(64);

export class RobustWindow {
  private readonly ring: Float64Array;
  private readonly mask: number;
  private size = 0;
  private pos = 0;
  private sinceRefresh = 0;
  median = Number.NaN;
  mad = Number.NaN;
  /** Mean absolute deviation from the median: a scale when more than half the window is one value (MAD = 0). */
  meanAbsDev = Number.NaN;

  constructor(
    capacity = 64,
    private readonly refreshEvery = 32,
  ) {
    if ((capacity & (capacity - 1)) !== 0) throw new Error('capacity must be a power of two');
    this.ring = new Float64Array(capacity);
    if (scratch.length < capacity) scratch = new Float64Array(capacity);
    this.mask = capacity - 1;
  }

  get count(): number {
    return this.size;
  }

  push(x: number): void {
    this.ring[this.pos] = x;
    this.pos = (this.pos + 1) & this.mask;
    if (this.size <= this.mask) this.size++;
    if (++this.sinceRefresh >= this.refreshEvery) this.refresh();
  }

  refresh(): void {
    this.sinceRefresh = 0;
    const n = this.size;
    if (n === 0) return;
    const s = scratch;
    for (let i = 0; i < n; i++) s[i] = this.ring[i]!;
    const mid = n >> 1;
    const median = select(s, n, mid);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = Math.abs(s[i]! - median);
      s[i] = d;
      total += d;
    }
    this.median = median;
    this.meanAbsDev = total / n;
    this.mad = select(s, n, mid);
  }
}

/** The k-th smallest of a[0..n) (Hoare's quickselect, in place). */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const tmp = a[i]!;
        a[i] = a[j]!;
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
