import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where the scenario files are: one JSON file per scenario. */
export const SCENARIOS_DIR = fileURLToPath(new URL('./scenarios/', import.meta.url));

/** A matcher as written in a scenario file; matchers.ts says what each form means. */
const matcherSchema: z.ZodType<unknown> = z.unknown();

const blockSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: z.string() }),
  z.strictObject({ type: z.literal('tool_use'), name: z.string().min(1), input: z.record(z.string(), z.unknown()) }),
]);

const pointSchema = z.strictObject({
  m: z.string().min(1),
  tags: z.record(z.string(), z.string()),
  f: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  t: z.iso.datetime({ offset: true }),
});

export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]{1,60}$/, 'a scenario name is lower-case words joined by dashes'),
  covers: z.string().min(1).describe('What the scenario is about, for the table'),
  role: z.enum(['owner', 'admin', 'engineer', 'operator', 'viewer']),
  prompt: z.string().min(1).max(8_000),
  page: z.strictObject({ path: z.string().min(1), title: z.string().optional() }).optional(),
  /** What the scenario's tenant holds beyond the seeded demo plant: pipelines made from templates (their ids are `{{pipeline:NAME}}`), extra points. */
  setup: z
    .strictObject({
      pipelines: z.array(z.strictObject({ template: z.string().min(1), name: z.string().min(1) })).default([]),
      points: z.array(pointSchema).default([]),
    })
    .default({ pipelines: [], points: [] }),
  /** The fake model's turns, in order: ignored against the real model. */
  script: z.array(z.strictObject({ blocks: z.array(blockSchema).min(1) })).min(1),
  expect: z.strictObject({
    /** The tools the model should pick, in order (others may come between); `input` matches the arguments. */
    tools: z.array(z.strictObject({ tool: z.string().min(1), input: matcherSchema.optional() })).min(1),
    /** Tools that must not be called at all. */
    forbiddenTools: z.array(z.string().min(1)).default([]),
    /** Each key is one check against the same key of the answer's receipt. */
    receipt: z.record(z.string(), matcherSchema).default({}),
    /** Matched against the proposal events of the turn (destructive calls stopped for a person). */
    proposals: matcherSchema.optional(),
    /** Registry calls made as the tenant's owner after the turn, each matched against its output: what the turn did or did not change. */
    effects: z.array(z.strictObject({ operation: z.string().min(1), input: z.record(z.string(), z.unknown()).default({}), output: matcherSchema })).default([]),
  }),
});
export type Scenario = z.infer<typeof scenarioSchema>;

/** Every scenario file, parsed; a file that does not parse stops the eval naming the file and the problem. */
export async function loadScenarios(dir = SCENARIOS_DIR): Promise<Scenario[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.json')).sort();
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const parsed = scenarioSchema.safeParse(JSON.parse(await readFile(join(dir, file), 'utf8')));
    if (!parsed.success) throw new Error(`eval/jarvis/scenarios/${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    scenarios.push(parsed.data);
  }
  const names = scenarios.map((scenario) => scenario.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new Error(`eval/jarvis/scenarios: two scenarios are named ${twice}`);
  return scenarios;
}

/** The scenario with `{{pipeline:NAME}}` replaced by the ids its setup made, everywhere (prompt, script, expectations). */
export function withIds(scenario: Scenario, ids: ReadonlyMap<string, string>): Scenario {
  const text = JSON.stringify(scenario).replace(/\{\{pipeline:([^}]+)\}\}/g, (whole, name: string) => {
    const id = ids.get(name);
    if (!id) throw new Error(`scenario ${scenario.name} names {{pipeline:${name}}}, which its setup does not create`);
    return id;
  });
  return JSON.parse(text) as Scenario;
}
