export * from './topics.ts';
export * from './agent-config.ts';
export * from './agent-status.ts';
export * from './agent-commands.ts';
export * from './enrollment.ts';
export * from './agent.ts';
