import type { ComponentDefinition } from './component.ts';
import { controlComponents } from './control/index.ts';
import { sinksComponents } from './sinks/index.ts';
import { sourcesComponents } from './sources/index.ts';
import { recordTransformComponents } from './transforms/record/index.ts';
import { streamTransformComponents } from './transforms/stream/index.ts';

/** Every component a spec may `use`, by name. */
export const COMPONENTS: readonly ComponentDefinition[] = [
  ...sourcesComponents,
  ...recordTransformComponents,
  ...streamTransformComponents,
  ...controlComponents,
  ...sinksComponents,
];

const byName = new Map<string, ComponentDefinition>(COMPONENTS.map((component) => [component.name, component]));

export function findComponent(name: string): ComponentDefinition | undefined {
  return byName.get(name);
}
