import type { PipelineSpec } from '@facilflow/contracts';
import { findCycles, stageOfRef } from './graph.ts';

/**
 * The stage ids so that every stage comes after the stages it needs, ties in spec order.
 * Throws naming a cycle when there is one (a spec that passed validation has none).
 */
export function topologicalOrder(spec: Pick<PipelineSpec, 'stages'>): string[] {
  const pending = new Map(spec.stages.map((stage) => [stage.id, new Set(stage.needs.map(stageOfRef))]));
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending.entries()].filter(([, needs]) => [...needs].every((need) => !pending.has(need))).map(([id]) => id);
    if (ready.length === 0) {
      const [cycle] = findCycles(spec.stages.map((stage, index) => ({ index, id: stage.id, needs: stage.needs })));
      throw new Error(`the stages form a cycle: ${(cycle ?? [...pending.keys()]).join(' → ')}`);
    }
    for (const id of ready) {
      order.push(id);
      pending.delete(id);
    }
  }
  return order;
}
