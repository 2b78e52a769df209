export * from './load-cron-schedules.ts';
export * from './postgres-schedule-state.ts';
export * from './start-scheduled-run.ts';
export * from './start-pipeline-schedules.ts';
export * from './list-schedules.ts';
export * from './get-schedule.ts';
export * from './pause-schedule.ts';
export * from './resume-schedule.ts';
