import {
  componentNameSchema,
  pipelineParamSchema,
  pipelineSpecSchema,
  pipelineStageSchema,
  pipelineTriggerSchema,
  type PipelineProblem,
  type PipelineSpec,
  type PipelineTrigger,
} from '@facilflow/contracts';
import type { ComponentDefinition } from '../components/component.ts';
import { lookupOf } from './component-lookup.ts';
import { checkGraph } from './graph-checks.ts';
import { checkStage, type ResolvedStage } from './stage-checks.ts';
import { checkTriggers } from './trigger-checks.ts';
import { zodProblems } from './zod-problems.ts';

export interface ValidatePipelineSpecOptions {
  /** The components a spec may use; the catalog by default. */
  components?: readonly ComponentDefinition[];
}

export interface PipelineSpecValidation {
  /** The spec with its defaults applied, only when there is no problem. */
  spec?: PipelineSpec;
  problems: PipelineProblem[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const arrayAt = (input: unknown, key: string): unknown[] => (isRecord(input) && Array.isArray(input[key]) ? input[key] : []);

function partialStage(raw: unknown): { use: string; with: Record<string, unknown> } | undefined {
  if (!isRecord(raw) || !componentNameSchema.safeParse(raw.use).success) return undefined;
  if (raw.with !== undefined && !isRecord(raw.with)) return undefined;
  return { use: raw.use as string, with: raw.with ?? {} };
}

/**
 * Every problem of a spec at once, each with its JSON path and a hint, so a person or a model fixes
 * it in one round. The parts that parse on their own (a stage, a trigger) are checked further even
 * when another part is broken.
 */
export function validatePipelineSpec(input: unknown, options: ValidatePipelineSpecOptions = {}): PipelineSpecValidation {
  const problems: PipelineProblem[] = [];
  const whole = pipelineSpecSchema.safeParse(input);
  if (!whole.success) problems.push(...zodProblems(whole.error, 'invalid_spec'));

  const lookup = lookupOf(options.components);
  const rawStages = arrayAt(input, 'stages');
  const stages = rawStages.flatMap((raw, index) => {
    const parsed = pipelineStageSchema.safeParse(raw);
    return parsed.success ? [{ index, stage: parsed.data }] : [];
  });
  const triggers = arrayAt(input, 'triggers').flatMap((raw, index) => {
    const parsed = pipelineTriggerSchema.safeParse(raw);
    return parsed.success ? [{ index, trigger: parsed.data as PipelineTrigger }] : [];
  });
  const paramNames = isRecord(input) && isRecord(input.params) ? Object.keys(input.params).filter((name) => pipelineParamSchema.safeParse((input.params as Record<string, unknown>)[name]).success) : [];

  const components = new Map<number, ComponentDefinition>();
  const resolved = new Map<number, ResolvedStage>();
  rawStages.forEach((raw, index) => {
    const parsed = stages.find((entry) => entry.index === index)?.stage;
    // A stage broken elsewhere (its id, its needs) still has its component and settings checked.
    const partial = parsed ?? partialStage(raw);
    if (partial === undefined) return;
    const result = checkStage(index, partial, lookup, paramNames, problems);
    if (parsed === undefined || result.component === undefined) return;
    components.set(index, result.component);
    if ('config' in result) resolved.set(index, { index, stage: parsed, component: result.component, config: result.config });
  });

  const knownIds = new Set(rawStages.flatMap((raw) => (isRecord(raw) && typeof raw.id === 'string' ? [raw.id] : [])));
  checkGraph({ stages, knownIds, components, resolved }, problems);
  const withComponents = stages.flatMap(({ index, stage }) => {
    const component = components.get(index);
    return component === undefined ? [] : [{ index, stage, component }];
  });
  checkTriggers(triggers, withComponents, stages.length === rawStages.length && withComponents.length === stages.length, problems);

  return problems.length === 0 && whole.success ? { spec: whole.data, problems } : { problems };
}
