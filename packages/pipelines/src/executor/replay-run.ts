import type { PipelineRow, PipelineStage } from '@facilflow/contracts';
import type { StageOutput } from '../components/component.ts';
import { executeRun, type ExecuteRunOptions, type RunOutcome } from './execute-run.ts';
import { parseInputRef } from './plan-stages.ts';

export interface ReplayRunOptions extends Omit<ExecuteRunOptions, 'reuse' | 'inputOverrides'> {
  /** The run replayed; its kept outputs are read through `recorder`, which is scoped to the tenant. */
  replayOf: { runId: string; fromStage: string };
  /** Rows by `needs` reference of the stage replayed from, replacing what its upstream produced. */
  editedInputs?: Readonly<Record<string, PipelineRow[]>>;
}

export class ReplayRequestError extends Error {
  override readonly name = 'ReplayRequestError';
}

/**
 * Runs `spec` (the replayed run's version or another) as a new run from one stage: that stage
 * and everything downstream of it run again; every other stage takes the output the replayed run
 * kept, or runs again when none was kept (the recorder declined a large one).
 */
export async function replayRun(options: ReplayRunOptions): Promise<RunOutcome> {
  const { replayOf, editedInputs, ...rest } = options;
  const from = options.spec.stages.find((stage) => stage.id === replayOf.fromStage);
  if (!from) throw new ReplayRequestError(`the spec has no stage "${replayOf.fromStage}" to replay from`);
  for (const ref of Object.keys(editedInputs ?? {})) {
    if (!from.needs.includes(ref)) throw new ReplayRequestError(`stage "${from.id}" has no input "${ref}" (its inputs: ${from.needs.join(', ') || 'none'})`);
  }
  const rerun = downstreamOf(options.spec.stages, from.id);
  const reuse = new Map<string, StageOutput>();
  for (const stage of options.spec.stages) {
    if (rerun.has(stage.id)) continue;
    const kept = await options.recorder.keptOutput(replayOf.runId, stage.id);
    if (kept) reuse.set(stage.id, kept);
  }
  return executeRun({
    ...rest,
    run: { ...options.run, trigger: 'replay', replayOf },
    reuse,
    ...(editedInputs ? { inputOverrides: new Map([[from.id, editedInputs]]) } : {}),
  });
}

/** The stage and every stage that reads its outputs, directly or not. */
function downstreamOf(stages: readonly PipelineStage[], stageId: string): Set<string> {
  const found = new Set([stageId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const stage of stages) {
      if (!found.has(stage.id) && stage.needs.some((ref) => found.has(parseInputRef(ref).stageId))) {
        found.add(stage.id);
        grew = true;
      }
    }
  }
  return found;
}
