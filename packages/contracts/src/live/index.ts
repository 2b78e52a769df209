export * from './channels.ts';
export * from './pipeline-run-events.ts';
