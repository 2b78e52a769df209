// The scale part's messages between the parent and its children (the server and the worker processes).

export interface ScaleShape {
  runs: number;
  /** Worker processes, each with `slotsPerProcess` runs at once: the logical workers. */
  processes: number;
  slotsPerProcess: number;
  /** Each run: this many wait stages of `stageMs`, one after the other. */
  stagesPerRun: number;
  stageMs: number;
  /** pipelines.get calls per second over tRPC while the runs go on. */
  apiCallsPerSecond: number;
}

/** Where every process of the part meets: one PostgreSQL database and one Redis key prefix. */
export interface ScaleServices {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
}

export interface StartScaleServer extends ScaleServices {
  type: 'start';
  shape: ScaleShape;
}
export interface ScaleServerReady {
  type: 'ready';
  url: string;
  apiKey: string;
  pipelineId: string;
}
export interface TriggerRuns {
  type: 'trigger';
}
export interface RunsTriggered {
  type: 'triggered';
  ms: number;
}
export interface CountRuns {
  type: 'count';
}
export interface RunCounts {
  type: 'counted';
  byStatus: Record<string, number>;
}

export interface StartScaleWorker extends ScaleServices {
  type: 'start';
  slots: number;
}
export interface ScaleWorkerReady {
  type: 'ready';
}
