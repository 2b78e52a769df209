import type { EnrollResponse } from '@facilflow/contracts';

/** What the ingest bench's processes say to each other over IPC. */
export interface StartServer {
  type: 'start';
  dataDir: string;
  agents: number;
}
export interface ServerReady {
  type: 'ready';
  tenantId: string;
  identities: EnrollResponse[];
}
export interface CountRequest {
  type: 'count';
}
export interface CountAnswer {
  type: 'counted';
  rows: number;
  messages: { received: number; stored: number; duplicates: number; deadLettered: number; failed: number };
  /** Per observer: batches seen, missed (queue full) and failed. */
  observers: Record<string, unknown>;
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
  hostCount: number;
  hostsPerSlice: number;
  steps: number;
  /** No new message after this long from 'go' (those in flight are still awaited), so a slow side ends in bounded time. */
  durationMs: number;
  window: number;
  seed: number;
}
export interface LoadReady {
  type: 'ready';
}
export interface Go {
  type: 'go';
}
export interface LoadDone {
  type: 'done';
  points: number;
  messages: number;
  /** Publish (or HTTP request) to acknowledgement, ms, one per message. */
  latencies: number[];
  /** Time spent building payloads, ms: the generator's own share of the CPU. */
  encodeMs: number;
}
