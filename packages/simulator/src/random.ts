/**
 * Counter-based randomness: a draw is a hash of (tag seed, sample index, lane) rather than the next
 * number of a stream. A sequential PRNG (mulberry32 and friends) would make the value at sample k
 * depend on every draw before it; hashing lets any sample be computed directly, in any order, and
 * gives the same number every time — which is what makes the plant reproducible and testable.
 */

/** A 32-bit integer finaliser (lowbias32, from Chris Wellons' hash prospector): good avalanche, a few multiplies. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
  return (h ^ (h >>> 15)) >>> 0;
}

const TWO_32 = 0x1_0000_0000;
const GOLDEN = 0x9e3779b9;

/** FNV-1a over UTF-16 code units, then mixed: turns a tag identity (its nodeId) into 32 bits. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** Independent draws for one tag: the same seed and key always give the same sequence of draws. */
export interface TagRandom {
  /** Uniform in [0, 1) for sample `k` on `lane` (lanes keep unrelated draws of one sample apart). */
  uniform(k: number, lane: number): number;
  /** Standard normal for sample `k`, by Box–Muller over two uniform lanes starting at `lane`. */
  gaussian(k: number, lane: number): number;
}

export function createTagRandom(seed: number, key: string): TagRandom {
  const base = mix32(hashString(key) ^ mix32(seed >>> 0) ^ mix32(Math.floor(seed / TWO_32)));
  const uniform = (k: number, lane: number): number => {
    // k may exceed 32 bits after years of 100 ms samples: fold the high part in rather than wrap.
    const low = k >>> 0;
    const high = Math.floor(k / TWO_32);
    const h = mix32(base ^ mix32(low + Math.imul(lane + 1, GOLDEN)) ^ mix32(high ^ GOLDEN));
    return h / TWO_32;
  };
  return {
    uniform,
    gaussian(k, lane) {
      // 1 - u keeps the logarithm's argument in (0, 1].
      const u1 = 1 - uniform(k, lane);
      const u2 = uniform(k, lane + 1);
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
  };
}
