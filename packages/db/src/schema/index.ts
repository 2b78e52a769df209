export * from './tenancy.ts';
export * from './api-keys.ts';
export * from './audit-log.ts';
export * from './agents.ts';
export * from './telemetry.ts';
export * from './quality.ts';
export * from './pipelines.ts';
export * from './pipeline-state.ts';
