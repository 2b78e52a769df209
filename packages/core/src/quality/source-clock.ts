/**
 * The event time one source of a tenant has reached: an agent, or everything sent without
 * one. A silent field's freshness, closing windows and cleared issues go by it, and results
 * must not depend on when points arrive (a stream consumer that lagged catches up in big
 * batches), so it is the latest point time of the source's series: a field is stale when the
 * rest of its source has moved on without it. Sources are judged apart because agents of one
 * tenant run far out of step (one drains a store-and-forward backlog while another is live)
 * and are not stale to each other.
 */
export interface SourceClock {
  /** The latest point time seen (event time, ms; −∞ before any point). */
  watermark: number;
  /** The clock when the source's last points arrived. */
  lastArrival: number;
  /** `eventTimeReached` as of the last sweep. */
  reached: number;
}

export function newSourceClock(): SourceClock {
  return { watermark: Number.NEGATIVE_INFINITY, lastArrival: 0, reached: Number.NEGATIVE_INFINITY };
}

/**
 * Only when the source has been silent for `silentAfterMs` on the clock (no batch at all, so
 * no watermark to go by) does the clock move its event time on, by the time past that.
 */
export function eventTimeReached(source: SourceClock, now: number, silentAfterMs: number): number {
  const silentFor = now - source.lastArrival - silentAfterMs;
  return silentFor > 0 ? source.watermark + silentFor : source.watermark;
}
