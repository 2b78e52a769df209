import type { ComponentDefinition } from '../../component.ts';

export const streamTransformComponents: readonly ComponentDefinition[] = [];
