export * from './pipeline-row.ts';
export * from './pipeline-spec.ts';
export * from './pipeline-problem.ts';
export * from './pipeline-run.ts';
export * from './operations/index.ts';
