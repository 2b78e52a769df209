export * from './run-channels.ts';
export * from './run-job.ts';
export * from './claim-run.ts';
export * from './process-pipeline-runs.ts';
export * from './control-run.ts';
export * from './replay-pipeline-run.ts';
export * from './diff-pipeline-runs.ts';
export * from './start-backfill.ts';
