export * from './roles.ts';
export * from './actor.ts';
