export * from './alert-notice.ts';
export * from './alert-rule.ts';
export * from './alert.ts';
export * from './alert-metrics.ts';
export * from './operations.ts';
