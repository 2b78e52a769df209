import type { PipelineRow } from '@facilflow/contracts';
import type { StageOutput, StageInputs, StreamOperator } from '../../component.ts';

/** A record transform's stream form: each batch of rows goes through the same function as in batch mode, and there is no state. */
export function statelessOperator(transform: (rows: PipelineRow[]) => StageOutput): StreamOperator {
  return {
    process: (_inputRef, rows) => transform(rows),
    advance: () => ({ rows: [] }),
    snapshot: () => null,
  };
}

/** The rows of a one-input stage. */
export function singleInput(inputs: StageInputs): PipelineRow[] {
  return inputs[0]?.rows ?? [];
}
