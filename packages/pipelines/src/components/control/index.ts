import type { ComponentDefinition } from '../component.ts';

export const controlComponents: readonly ComponentDefinition[] = [];
