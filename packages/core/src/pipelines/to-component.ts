import type { ComponentDetail, ComponentSummary } from '@facilflow/contracts';
import type { ComponentDefinition } from '@facilflow/pipelines';
import { z } from 'zod';

export function toComponentSummary(component: ComponentDefinition): ComponentSummary {
  return {
    name: component.name,
    category: component.category,
    title: component.title,
    description: component.description,
    modes: [...component.modes],
    input: { ...component.input },
    output: { kind: component.output.kind },
  };
}

/** With its examples and the JSON Schema of its configuration as a spec writes it (defaults optional). */
export function toComponentDetail(component: ComponentDefinition): ComponentDetail {
  return {
    ...toComponentSummary(component),
    examples: component.examples.map((example) => ({ title: example.title, with: { ...example.with } })),
    configSchema: z.toJSONSchema(component.config, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  };
}
