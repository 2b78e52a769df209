/** A stage as the graph checks see it: its position in the spec and the stage ids it reads. */
export interface GraphStage {
  index: number;
  id: string;
  needs: readonly string[];
}

export function stageOfRef(ref: string): string {
  const dot = ref.indexOf('.');
  return dot === -1 ? ref : ref.slice(0, dot);
}

export function portOfRef(ref: string): string | undefined {
  const dot = ref.indexOf('.');
  return dot === -1 ? undefined : ref.slice(dot + 1);
}

/** Each elementary cycle found by a depth-first walk, as stage ids in order, the first repeated last. */
export function findCycles(stages: readonly GraphStage[]): string[][] {
  const byId = new Map(stages.map((stage) => [stage.id, stage]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();

  const visit = (id: string): void => {
    state.set(id, 'open');
    stack.push(id);
    for (const ref of byId.get(id)?.needs ?? []) {
      const next = stageOfRef(ref);
      if (!byId.has(next)) continue;
      if (state.get(next) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...new Set(cycle)].sort().join(',');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (state.get(next) === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };

  for (const stage of stages) if (state.get(stage.id) === undefined) visit(stage.id);
  return cycles;
}
