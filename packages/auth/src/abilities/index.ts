export * from './subjects.ts';
export * from './define-ability.ts';
