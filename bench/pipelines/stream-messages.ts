import type { EnrollResponse } from '@facilflow/contracts';
import type { Observation } from './stream-job.ts';

/** What the stream part's processes say to each other over IPC. */
export interface StartStreamServer {
  type: 'start';
  dataDir: string;
  agents: number;
}
export interface StreamServerReady {
  type: 'ready';
  identities: EnrollResponse[];
  pipelineId: string;
}
/** Hands over what the pipeline's event stage sent on the bus since the last drain. */
export interface DrainRequest {
  type: 'drain';
}
export interface Drained {
  type: 'drained';
  observations: Observation[];
  /** Batches the pipelines consumer has not read yet. */
  lagBatches: number;
}
export interface CloseStreamServer {
  type: 'close';
}

/** Where a load process publishes: as enrolled agents to their telemetry topics, or as the bench to one topic. */
export type StreamTarget = { kind: 'agents'; identities: EnrollResponse[] } | { kind: 'topic'; url: string; clientIdPrefix: string; topic: string };

export interface StartStreamLoad {
  type: 'start';
  target: StreamTarget;
  slices: number;
  hostsPerSlice: number;
  window: number;
  seed: number;
}
export interface StreamLoadReady {
  type: 'ready';
}
export type StreamPhase = { mode: 'saturate'; steps: number } | { mode: 'paced'; stepsPerSecond: number; durationMs: number };
export interface RunStreamPhase {
  type: 'phase';
  phase: StreamPhase;
}
/** When each slice published each step (epoch ms), and what was acknowledged. */
export interface StreamPhaseDone {
  type: 'phase-done';
  publishes: Array<[slice: number, step: number, at: number]>;
  points: number;
  lateSends: number;
}
export interface EndStreamLoad {
  type: 'end';
}
