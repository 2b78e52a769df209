export * from './components/component.ts';
export type { ComponentServices } from './components/component-services.ts';
export { COMPONENTS, findComponent } from './components/catalog.ts';
export type { RunRecorder, StepRecord } from './executor/run-recorder.ts';
