/** What the scale part's processes say to each other over IPC. */
export interface StartScaleApi {
  type: 'start';
  dataDir: string;
  env: Record<string, string>;
  stages: number;
}
export interface ScaleApiReady {
  type: 'ready';
  url: string;
  apiKey: string;
  pipelineId: string;
}
export interface TriggerRuns {
  type: 'trigger';
  count: number;
}
export interface RunsTriggered {
  type: 'triggered';
  ms: number;
}
export interface StartScaleWorker {
  type: 'start';
  dataDir: string;
  env: Record<string, string>;
  concurrency: number;
  /** The run's last stage: when it has run, the run is done. */
  lastStageId: string;
}
export interface ScaleWorkerReady {
  type: 'ready';
}
/** Sent every 250 ms: runs whose last stage ran in this process since the last report. */
export interface RunsFinished {
  type: 'finished';
  count: number;
}
export interface CloseScale {
  type: 'close';
}
