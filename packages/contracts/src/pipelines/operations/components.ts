import { z } from 'zod';

export const componentCategorySchema = z.enum(['source', 'transform', 'control', 'sink']);

const portsSchema = z.object({
  kind: z.enum(['rows', 'events', 'none']),
  min: z.number().int().optional().describe('Inputs: the fewest `needs` the stage takes'),
  max: z.number().int().optional().describe('Inputs: the most `needs` the stage takes'),
});

export const componentSummarySchema = z.object({
  name: z.string().describe('What a stage puts in `use`'),
  category: componentCategorySchema,
  title: z.string(),
  description: z.string(),
  modes: z.array(z.enum(['batch', 'stream'])),
  input: portsSchema,
  output: portsSchema,
});
export type ComponentSummary = z.infer<typeof componentSummarySchema>;

export const componentDetailSchema = componentSummarySchema.extend({
  examples: z.array(z.object({ title: z.string(), with: z.record(z.string(), z.unknown()) })),
  configSchema: z.record(z.string(), z.unknown()).describe("JSON Schema of the stage's `with`"),
});
export type ComponentDetail = z.infer<typeof componentDetailSchema>;

export const listComponentsInput = z.object({ category: componentCategorySchema.optional() });
export const listComponentsOutput = z.object({ components: z.array(componentSummarySchema) });

export const getComponentInput = z.object({ name: z.string().min(1).max(80).describe('e.g. "transform.window-aggregate" (components.list)') });
export const getComponentOutput = z.object({ component: componentDetailSchema });
