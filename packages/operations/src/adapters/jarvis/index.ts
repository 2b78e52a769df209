export * from './tool-specs.ts';
