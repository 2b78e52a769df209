import type { PipelineSpec, PipelineStage } from '@facilflow/contracts';
import { stageOfRef } from '../spec/graph.ts';
import { topologicalOrder } from '../spec/topological-order.ts';

/** Which stages read a stage's output: by the ref they name it with (`stage` or `stage.port`). */
export interface StreamGraph {
  /** Stages in an order where every stage comes after what it needs. */
  order: readonly PipelineStage[];
  readersOf: ReadonlyMap<string, ReadonlyArray<{ stage: PipelineStage; ref: string }>>;
}

/** Orders the stages; a cycle or an unknown input is an error, as validation reports them first. */
export function buildStreamGraph(spec: PipelineSpec): StreamGraph {
  const byId = new Map(spec.stages.map((stage) => [stage.id, stage]));
  const readersOf = new Map<string, { stage: PipelineStage; ref: string }[]>();
  for (const stage of spec.stages) {
    for (const ref of stage.needs) {
      const stageId = stageOfRef(ref);
      if (!byId.has(stageId)) throw new Error(`stage "${stage.id}" needs "${ref}", which is no stage`);
      const readers = readersOf.get(stageId) ?? [];
      readers.push({ stage, ref });
      readersOf.set(stageId, readers);
    }
  }
  const order = topologicalOrder(spec).map((id) => byId.get(id) as PipelineStage);
  return { order, readersOf };
}
