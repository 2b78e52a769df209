import type { ComponentDefinition } from '../component.ts';

export const sourcesComponents: readonly ComponentDefinition[] = [];
