import { CPU_INTERVAL_MS, TSBS_START_MS } from '../lib/tsbs-cpu.ts';
import { WINDOW_MS, type Observation } from './stream-job.ts';
import type { StreamPhaseDone } from './stream-messages.ts';

/**
 * Which message closed a host-minute. Our window stage keeps one watermark for all hosts, so
 * the first message of any slice past the minute closes it; Node-RED's function closes a host's
 * minute at that host's own next row, i.e. its slice's message.
 */
export type Closing = 'any-slice' | 'own-slice';

/** When each slice published each step: publishes[slice].get(step) = epoch ms. */
export class PublishTimes {
  private readonly bySlice: Map<number, number>[] = [];

  add(publishes: StreamPhaseDone['publishes']): void {
    for (const [slice, step, at] of publishes) (this.bySlice[slice] ??= new Map()).set(step, at);
  }

  first(): number {
    let first = Number.POSITIVE_INFINITY;
    for (const steps of this.bySlice) for (const at of steps.values()) first = Math.min(first, at);
    return first;
  }

  /** When the message that closed this host-minute went out, or null if it was not published in the phases kept. */
  closedAt(observation: Observation, closing: Closing, hostsPerSlice: number): number | null {
    const step = (observation.time + WINDOW_MS - TSBS_START_MS) / CPU_INTERVAL_MS;
    if (closing === 'own-slice') return this.bySlice[Math.floor(hostIndex(observation.hostname) / hostsPerSlice)]?.get(step) ?? null;
    let earliest: number | null = null;
    for (const steps of this.bySlice) {
      const at = steps.get(step);
      if (at !== undefined && (earliest === null || at < earliest)) earliest = at;
    }
    return earliest;
  }
}

function hostIndex(hostname: string): number {
  return Number(hostname.slice(hostname.lastIndexOf('_') + 1));
}

/** Publish of the closing message → output observed, ms, for the observations whose closing message this phase sent. */
export function latencies(observations: readonly Observation[], publishes: PublishTimes, closing: Closing, hostsPerSlice: number): number[] {
  const found: number[] = [];
  for (const observation of observations) {
    const at = publishes.closedAt(observation, closing, hostsPerSlice);
    if (at !== null) found.push(observation.at - at);
  }
  return found;
}

/** Host-minutes present on one side only, or with another average: 0 and 0 when both sides computed the same job. */
export function compareEvents(ours: readonly Observation[], theirs: readonly Observation[]): { missing: number; different: number } {
  const key = (o: Observation) => `${o.hostname}@${o.time}`;
  const theirAverages = new Map(theirs.map((o) => [key(o), o.avg]));
  let missing = 0;
  let different = 0;
  for (const o of ours) {
    const avg = theirAverages.get(key(o));
    if (avg === undefined) missing++;
    else if (Math.abs(avg - o.avg) > 1e-9) different++;
    theirAverages.delete(key(o));
  }
  return { missing: missing + theirAverages.size, different };
}
