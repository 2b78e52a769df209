import type { EnrollResponse } from '@facilflow/contracts';

/** What the ingest bench's processes say to each other over IPC. */
export interface StartServer {
  type: 'start';
  dataDir: string;
  agents: number;
  /** Ingest's decode worker threads (`--decode-threads`); absent, the configuration's (FACILFLOW_INGEST_DECODE_THREADS). */
  decodeThreads?: number;
}
export interface ServerReady {
  type: 'ready';
  tenantId: string;
  identities: EnrollResponse[];
}
export interface CountRequest {
  type: 'count';
}
/** Per consumer of the written-telemetry stream, as `writtenTelemetry.lag()` gives it. */
export interface ConsumerLagSample {
  consumer: string;
  lagBatches: number;
  lagSeconds: number;
  processedBatches: number;
  failedBatches: number;
  skippedBatches: number;
}
export interface CountAnswer {
  type: 'counted';
  rows: number;
  messages: { received: number; stored: number; duplicates: number; deadLettered: number; failed: number };
  /** The written-telemetry stream's consumers (data quality, lineage): lag and batches processed, failed, skipped. */
  consumers: ConsumerLagSample[];
}
export interface LagRequest {
  type: 'lag';
}
export interface LagAnswer {
  type: 'lagged';
  consumers: ConsumerLagSample[];
}
export interface CloseRequest {
  type: 'close';
}
export interface Closed {
  type: 'closed';
}

/** One load generator process drives these slices of hosts: an agent each on MQTT, a writer each on InfluxDB. */
export interface StartLoad {
  type: 'start';
  target: { kind: 'mqtt'; identities: EnrollResponse[] } | { kind: 'influxdb'; url: string };
  /** Which slices (0-based) of the host list, `hostsPerSlice` hosts each. */
  slices: number[];
  /** All slices of the run, over every load process: paced sends are spread evenly over them. */
  sliceCount: number;
  hostCount: number;
  hostsPerSlice: number;
  /** Most unacknowledged messages per slice. */
  window: number;
  seed: number;
}
export interface LoadReady {
  type: 'ready';
}

/**
 * A phase of sending. The agents stay connected from phase to phase and their `seq` and row
 * times carry on, so a later phase is new data to ingest, not duplicates.
 */
export type Phase =
  /** As fast as acknowledgements allow, `window` in flight per slice, up to `steps` messages per slice. */
  | { mode: 'saturate'; steps: number; durationMs: number }
  /** Open loop: every slice sends `messagesPerSecond`, on schedule whatever the acknowledgements do (up to `window` in flight). */
  | { mode: 'paced'; messagesPerSecond: number; durationMs: number };
export interface RunPhase {
  type: 'phase';
  /** No new message after `phase.durationMs` from this message (those in flight are still awaited). */
  phase: Phase;
}
/** Sent every second during a phase: what was acknowledged since the last one. */
export interface LoadProgress {
  type: 'progress';
  points: number;
  /** Publish (or HTTP request) to acknowledgement, ms, one per message. */
  latencies: number[];
}
export interface PhaseDone {
  type: 'phase-done';
  /** What was acknowledged since the last progress message. */
  points: number;
  latencies: number[];
  /** Paced sends that went out more than one interval after their time because the window was full. */
  lateSends: number;
  /** Time spent building payloads over the phase, ms: the generator's own share of the CPU. */
  encodeMs: number;
}
export interface EndLoad {
  type: 'end';
}
export interface LoadEnded {
  type: 'ended';
}
