import type { PipelineStage, StepError } from '@facilflow/contracts';
import { stageErrorPolicySchema, type StageErrorPolicy } from '@facilflow/contracts';
import type { ComponentDefinition } from '../components/component.ts';
import { findCycles } from '../spec/graph.ts';

export type ComponentLookup = (name: string) => ComponentDefinition | undefined;

export interface StageInputRef {
  ref: string;
  stageId: string;
  /** null for the stage's main output. */
  port: string | null;
}

/** A stage ready to run: its component found, its config parsed, its inputs resolved to stages. */
export interface PlannedStage {
  index: number;
  stage: PipelineStage;
  component: ComponentDefinition;
  config: unknown;
  policy: StageErrorPolicy;
  inputs: StageInputRef[];
  upstream: ReadonlySet<string>;
}

export type StagePlan = { ok: true; stages: PlannedStage[] } | { ok: false; error: StepError };

export function parseInputRef(ref: string): StageInputRef {
  const dot = ref.indexOf('.');
  return dot < 0 ? { ref, stageId: ref, port: null } : { ref, stageId: ref.slice(0, dot), port: ref.slice(dot + 1) };
}

/**
 * Checks what the executor cannot run without (the validator reports every problem; this stops
 * at the first): components that run in batch, configs their schemas accept, inputs that name
 * stages, and no cycle.
 */
export function planStages(stages: readonly PipelineStage[], lookup: ComponentLookup): StagePlan {
  const indexById = new Map<string, number>();
  const planned: PlannedStage[] = [];
  for (const [index, stage] of stages.entries()) {
    if (indexById.has(stage.id)) return fail(`stage id "${stage.id}" is used twice`, ['stages', index, 'id'], 'duplicate_stage');
    indexById.set(stage.id, index);
    const component = lookup(stage.use);
    if (!component) return fail(`unknown component "${stage.use}"`, ['stages', index, 'use'], 'unknown_component');
    if (!component.run) return fail(`component "${stage.use}" does not run in batch mode`, ['stages', index, 'use'], 'trigger_incompatible');
    const config = component.config.safeParse(stage.with);
    if (!config.success) {
      const issue = config.error.issues[0];
      return fail(`invalid config: ${issue?.message ?? 'rejected'}`, ['stages', index, 'with', ...(issue?.path ?? []).map(pathKey)], 'invalid_config');
    }
    const inputs = stage.needs.map(parseInputRef);
    planned.push({
      index,
      stage,
      component,
      config: config.data,
      policy: stageErrorPolicySchema.parse(stage.errorPolicy ?? {}),
      inputs,
      upstream: new Set(inputs.map((input) => input.stageId)),
    });
  }
  for (const stage of planned) {
    for (const [needIndex, input] of stage.inputs.entries()) {
      if (!indexById.has(input.stageId)) return fail(`input "${input.ref}" names no stage`, ['stages', stage.index, 'needs', needIndex], 'missing_input');
    }
  }
  const [cycle] = findCycles(stages.map((stage, index) => ({ index, id: stage.id, needs: stage.needs })));
  if (cycle === undefined) return { ok: true, stages: planned };
  const cycleAt = indexById.get(cycle[0]!)!;
  return fail(`stage "${cycle[0]}" depends on itself through its inputs: ${cycle.join(' → ')}`, ['stages', cycleAt, 'needs'], 'cycle');
}

function fail(message: string, path: (string | number)[], code: string): StagePlan {
  return { ok: false, error: { message, path, code } };
}

function pathKey(key: PropertyKey): string | number {
  return typeof key === 'number' ? key : String(key);
}
