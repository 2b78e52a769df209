import type { PipelineRow } from '@facilflow/contracts';
import type { StageInputs, StageOutput } from '../components/component.ts';
import type { PlannedStage } from './plan-stages.ts';

/** How a finished stage left its outputs for the stages that need them. */
export type StageResult =
  /** `mainTaken` is false when the component left its main output untaken (a try/catch that caught). */
  | { kind: 'succeeded'; output: StageOutput; mainTaken: boolean }
  /** Failed with onError `route`: only its `error` port carries rows. */
  | { kind: 'routed'; errorRows: PipelineRow[] }
  /** Failed with onError `continue`: its main output is empty, its other ports carry nothing. */
  | { kind: 'continued' }
  | { kind: 'skipped' }
  | { kind: 'cancelled' };

export const ERROR_PORT = 'error';

/**
 * A stage's inputs in `needs` order, and whether any of them was taken. A main output is not
 * taken when its stage was skipped, failed with `route`, or left it untaken (a try/catch that
 * caught); a named port is not taken when it has no rows (a route no row took, the `error` port
 * of a stage that did not fail). A stage none of whose
 * inputs was taken is skipped; a main output that is merely empty still runs the stage.
 */
export function resolveStageInputs(stage: PlannedStage, results: ReadonlyMap<string, StageResult>, overrides: Readonly<Record<string, PipelineRow[]>> | undefined): { inputs: StageInputs; taken: boolean } {
  let taken = stage.inputs.length === 0;
  const inputs = stage.inputs.map((input) => {
    const override = overrides?.[input.ref];
    if (override) {
      taken = true;
      return { ref: input.ref, rows: override };
    }
    const rows = rowsOf(results.get(input.stageId), input.port);
    if (rows) taken = true;
    return { ref: input.ref, rows: rows ?? [] };
  });
  return { inputs, taken };
}

/** The rows at one output, or null when that output was not taken. */
function rowsOf(result: StageResult | undefined, port: string | null): PipelineRow[] | null {
  switch (result?.kind) {
    case 'succeeded': {
      if (port === null) return result.mainTaken ? result.output.rows : null;
      const rows = result.output.ports?.[port];
      return rows && rows.length > 0 ? rows : null;
    }
    case 'routed':
      return port === ERROR_PORT ? result.errorRows : null;
    case 'continued':
      return port === null ? [] : null;
    default:
      return null;
  }
}
