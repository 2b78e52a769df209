import type { ComponentDefinition } from '../component.ts';

export const sinksComponents: readonly ComponentDefinition[] = [];
