import { pipelineScalarSchema } from '@facilflow/contracts';
import { z } from 'zod';
import { defineComponent } from '../component.ts';

const DEFAULT_ROUTE = 'default';
const routeNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'a route name is lower case letters, digits and _, starting with a letter')
  .refine((name) => name !== DEFAULT_ROUTE && name !== 'error', 'the names "default" and "error" are taken');

const routerConfigSchema = z.object({
  column: z.string().min(1).max(128).describe('The column whose value picks the route, e.g. "machine"'),
  routes: z
    .record(routeNameSchema, z.array(pipelineScalarSchema).min(1).max(1000))
    .refine((routes) => Object.keys(routes).length >= 1 && Object.keys(routes).length <= 32, 'between 1 and 32 routes')
    .describe('Route name → the column values that go there, e.g. {"ovens": ["Oven1", "Oven2"]}'),
});
type RouterConfig = z.infer<typeof routerConfigSchema>;

export const routerComponent = defineComponent({
  name: 'control.router',
  category: 'control',
  title: 'Router',
  description:
    'Sends each row to the route listing its value of `column`, the first such route in the order written; rows whose value no route lists go to `default`. ' +
    'Read a route as "stageId.<route>" (and "stageId.default"); the main output is empty. A route that receives no rows is not taken, and the stages that read only it are skipped.',
  config: routerConfigSchema,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows', extra: (config: RouterConfig) => [...Object.keys(config.routes), DEFAULT_ROUTE] },
  modes: ['batch'],
  examples: [{ title: 'Ovens and presses apart', with: { column: 'machine', routes: { ovens: ['Oven1', 'Oven2'], presses: ['Press1'] } } }],
  run: (context, inputs) => {
    const routes = Object.entries(context.config.routes);
    const ports: Record<string, typeof inputs[number]['rows']> = Object.fromEntries([...routes.map(([name]) => [name, []]), [DEFAULT_ROUTE, []]]);
    for (const row of inputs.flatMap((input) => input.rows)) {
      const value = row[context.config.column] ?? null;
      const route = routes.find(([, values]) => values.includes(value))?.[0] ?? DEFAULT_ROUTE;
      ports[route]?.push(row);
    }
    return Promise.resolve({ rows: [], ports });
  },
});
