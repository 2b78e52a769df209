export * from './roles.ts';
export * from './actor.ts';
export * from './principal.ts';
export * from './bearer.ts';
