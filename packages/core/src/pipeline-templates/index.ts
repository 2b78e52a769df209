export * from './list-templates.ts';
export * from './instantiate-template.ts';
