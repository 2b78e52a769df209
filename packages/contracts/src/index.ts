export * from './identity/index.ts';
export * from './tenancy/index.ts';
export * from './audit/index.ts';
export * from './errors/index.ts';
export * from './operations/index.ts';
export * from './telemetry/index.ts';
export * from './agents/index.ts';
