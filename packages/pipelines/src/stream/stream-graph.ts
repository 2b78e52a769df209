import type { PipelineSpec, PipelineStage } from '@facilflow/contracts';

/** Which stages read a stage's output: by the ref they name it with (`stage` or `stage.port`). */
export interface StreamGraph {
  /** Stages in an order where every stage comes after what it needs. */
  order: readonly PipelineStage[];
  readersOf: ReadonlyMap<string, ReadonlyArray<{ stage: PipelineStage; ref: string }>>;
}

export function stageOfRef(ref: string): { stageId: string; port: string | null } {
  const dot = ref.indexOf('.');
  return dot < 0 ? { stageId: ref, port: null } : { stageId: ref.slice(0, dot), port: ref.slice(dot + 1) };
}

/** Orders the stages (Kahn); a cycle or an unknown input is an error, as validation reports them first. */
export function buildStreamGraph(spec: PipelineSpec): StreamGraph {
  const byId = new Map(spec.stages.map((stage) => [stage.id, stage]));
  const readersOf = new Map<string, { stage: PipelineStage; ref: string }[]>();
  const waiting = new Map<string, number>();
  for (const stage of spec.stages) {
    const upstream = new Set<string>();
    for (const ref of stage.needs) {
      const { stageId } = stageOfRef(ref);
      if (!byId.has(stageId)) throw new Error(`stage "${stage.id}" needs "${ref}", which is no stage`);
      upstream.add(stageId);
      const readers = readersOf.get(stageId) ?? [];
      readers.push({ stage, ref });
      readersOf.set(stageId, readers);
    }
    waiting.set(stage.id, upstream.size);
  }
  const order: PipelineStage[] = [];
  const ready = spec.stages.filter((stage) => waiting.get(stage.id) === 0);
  while (ready.length > 0) {
    const stage = ready.shift() as PipelineStage;
    order.push(stage);
    const released = new Set((readersOf.get(stage.id) ?? []).map((reader) => reader.stage.id));
    for (const readerId of released) {
      const left = (waiting.get(readerId) ?? 0) - 1;
      waiting.set(readerId, left);
      if (left === 0) ready.push(byId.get(readerId) as PipelineStage);
    }
  }
  if (order.length !== spec.stages.length) throw new Error('the stages form a cycle');
  return { order, readersOf };
}
