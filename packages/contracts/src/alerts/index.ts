export * from './alert-notice.ts';
