import type { ComponentDefinition } from '../../component.ts';

export const recordTransformComponents: readonly ComponentDefinition[] = [];
