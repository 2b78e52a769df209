export * from './components/component.ts';
export type { ComponentServices } from './components/component-services.ts';
export { COMPONENTS, findComponent } from './components/catalog.ts';
export { createStreamRunner, type StreamRunner, type StreamRunnerOptions, type StreamFeedResult, type StreamStageFailure } from './stream/create-stream-runner.ts';
export type { StreamCheckpoint } from './stream/stream-checkpoint.ts';
export { selectLivePoints } from './components/sources/live-stream.ts';
