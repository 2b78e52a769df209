/** What a run worker tells the registry about itself when it starts. */
export interface WorkerRegistration {
  id: string;
  cluster: string;
  /** Runs it executes at once: its concurrency. */
  capacity: number;
  labels: Record<string, string>;
  version: string;
  host: string;
  pid: number;
  heartbeatIntervalMs: number;
}

/** Heartbeats a worker may miss before the sweep declares it lost and hands its runs to others. */
export const MISSED_HEARTBEATS_LOST = 3;
