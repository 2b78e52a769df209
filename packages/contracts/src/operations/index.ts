export * from './tenants.ts';
export * from './members.ts';
export * from './api-keys.ts';
export * from './audit.ts';
export * from './agents.ts';
export * from './data-sources.ts';
export * from './telemetry.ts';
