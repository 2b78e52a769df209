// What the bench reads from the server side while a phase runs: RSS from /proc, and the
// written-telemetry stream's consumer lag from the FacilFlow server over IPC.
import { currentRss } from '../lib/process-usage.ts';
import type { ConsumerLagSample } from './messages.ts';

/** Asks the server for its consumers' lag; null for a peer that has no such stream. */
export type AskLag = (() => Promise<ConsumerLagSample[]>) | null;

export interface ServerSample {
  /** ms since sampling began. */
  at: number;
  rss: number;
  consumers: ConsumerLagSample[];
}

export interface ConsumerPeak {
  consumer: string;
  maxLagSeconds: number;
  maxLagBatches: number;
}

const SAMPLE_EVERY_MS = 1000;

/** Samples every second until stopped; a lag answer that takes longer than a second delays the next sample rather than piling requests on a busy server. */
export function sampleServer(pid: number, askLag: AskLag, onSample?: (sample: ServerSample) => void): { stop(): Promise<ServerSample[]> } {
  const samples: ServerSample[] = [];
  const began = performance.now();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const due = performance.now() + SAMPLE_EVERY_MS;
      const consumers = askLag ? await askLag() : [];
      const sample = { at: performance.now() - began, rss: currentRss(pid), consumers };
      samples.push(sample);
      onSample?.(sample);
      const wait = due - performance.now();
      if (wait > 0 && !stopped) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return samples;
    },
  };
}

/** Per consumer, the largest lag seen in these samples (seconds and batches, each at its own moment). */
export function consumerPeaks(samples: readonly ServerSample[]): ConsumerPeak[] {
  const peaks = new Map<string, ConsumerPeak>();
  for (const sample of samples) {
    for (const lag of sample.consumers) {
      const peak = peaks.get(lag.consumer) ?? { consumer: lag.consumer, maxLagSeconds: 0, maxLagBatches: 0 };
      peak.maxLagSeconds = Math.max(peak.maxLagSeconds, lag.lagSeconds);
      peak.maxLagBatches = Math.max(peak.maxLagBatches, lag.lagBatches);
      peaks.set(lag.consumer, peak);
    }
  }
  return [...peaks.values()];
}

export interface CatchUp {
  /** Lag when the wait began (right after the last acknowledgement of the saturation phase). */
  atStart: ConsumerLagSample[];
  /** Per consumer: seconds until its lag was 0 batches, or null if it was still behind at the limit. */
  caughtUpAfter: Map<string, number | null>;
  /** Lag at the end of the wait (all zero unless the limit was reached). */
  atEnd: ConsumerLagSample[];
  limitSeconds: number;
}

const CATCH_UP_POLL_MS = 250;

/** Polls the lag until every consumer has read every batch, or `limitMs` has passed. */
export async function waitForCatchUp(askLag: () => Promise<ConsumerLagSample[]>, limitMs: number): Promise<CatchUp> {
  const began = performance.now();
  const atStart = await askLag();
  const caughtUpAfter = new Map<string, number | null>(atStart.map((lag) => [lag.consumer, lag.lagBatches === 0 ? 0 : null]));
  let latest = atStart;
  while ([...caughtUpAfter.values()].includes(null) && performance.now() - began < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
    latest = await askLag();
    for (const lag of latest) {
      if (lag.lagBatches === 0 && caughtUpAfter.get(lag.consumer) === null) caughtUpAfter.set(lag.consumer, (performance.now() - began) / 1000);
    }
  }
  return { atStart, caughtUpAfter, atEnd: latest, limitSeconds: limitMs / 1000 };
}
