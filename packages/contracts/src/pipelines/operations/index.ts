export * from './pipeline-record.ts';
export * from './pipeline-lifecycle.ts';
export * from './runs.ts';
export * from './components.ts';
export * from './run-control.ts';
export * from './backfill.ts';
export * from './templates.ts';
export * from './webhooks.ts';
