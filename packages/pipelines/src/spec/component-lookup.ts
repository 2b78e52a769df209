import type { ComponentDefinition } from '../components/component.ts';
import { COMPONENTS } from '../components/catalog.ts';

/** Where validation finds components: the catalog, or a given list (tests, a restricted set). */
export interface ComponentLookup {
  find(name: string): ComponentDefinition | undefined;
  names(): string[];
}

export function lookupOf(components: readonly ComponentDefinition[] = COMPONENTS): ComponentLookup {
  const byName = new Map<string, ComponentDefinition>(components.map((component) => [component.name, component]));
  return { find: (name) => byName.get(name), names: () => [...byName.keys()] };
}
