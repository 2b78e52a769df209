import { pipelineSpecSchema, type PipelineProblem } from '@facilflow/contracts';
import type { ComponentDefinition, PortKind } from '@facilflow/pipelines';
import type { SpecValidation } from './pipeline-engine.ts';

type Path = PipelineProblem['path'];

interface LooseStage {
  index: number;
  id: string | undefined;
  use: string | undefined;
  with: unknown;
  needs: unknown[];
  onError: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const toPath = (path: readonly PropertyKey[]): Path => path.filter((key): key is string | number => typeof key !== 'symbol');

/** Reads whatever stages the spec has, also when its shape does not parse, so one round reports every problem. */
function looseStages(spec: unknown): LooseStage[] {
  if (!isObject(spec) || !Array.isArray(spec.stages)) return [];
  return spec.stages.flatMap((raw, index) => {
    if (!isObject(raw)) return [];
    const policy = isObject(raw.errorPolicy) ? raw.errorPolicy.onError : undefined;
    return [
      {
        index,
        id: typeof raw.id === 'string' ? raw.id : undefined,
        use: typeof raw.use === 'string' ? raw.use : undefined,
        with: raw.with ?? {},
        needs: Array.isArray(raw.needs) ? raw.needs : [],
        onError: policy,
      },
    ];
  });
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

function closestName(name: string, catalog: ReadonlyMap<string, ComponentDefinition>): string {
  const ranked = [...catalog.keys()].map((candidate) => ({ candidate, distance: editDistance(name, candidate) })).sort((x, y) => x.distance - y.distance);
  const best = ranked[0];
  return best && best.distance <= Math.max(3, Math.floor(name.length / 3)) ? `did you mean "${best.candidate}"? components.list names them all` : 'components.list names every component';
}

function outputPorts(stage: LooseStage, component: ComponentDefinition): string[] {
  const parsed = component.config.safeParse(stage.with);
  const extra = parsed.success && component.output.extra ? (component.output.extra as (config: unknown) => string[])(parsed.data) : [];
  return stage.onError === 'route' ? [...extra, 'error'] : extra;
}

/** Stage ids on a cycle through `needs`, in order, or null. */
function findCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'open') return trail.slice(trail.indexOf(id));
    state.set(id, 'open');
    trail.push(id);
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return null;
}

function triggerModes(spec: unknown): Array<{ index: number; mode: 'batch' | 'stream' }> {
  if (!isObject(spec) || !Array.isArray(spec.triggers)) return [];
  return spec.triggers.flatMap((trigger, index) => (isObject(trigger) && typeof trigger.type === 'string' ? [{ index, mode: trigger.type === 'stream' ? ('stream' as const) : ('batch' as const) }] : []));
}

/**
 * Every problem of a spec at once: its shape, then per stage its component, configuration,
 * inputs (existing stages and ports, count, kind), the graph's cycles and the triggers' modes.
 */
export function validateSpec(spec: unknown, catalog: ReadonlyMap<string, ComponentDefinition>): SpecValidation {
  const problems: PipelineProblem[] = [];
  const parsed = pipelineSpecSchema.safeParse(spec);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ code: 'invalid_spec', path: toPath(issue.path), message: issue.message });
  }
  const stages = looseStages(spec);
  const byId = new Map<string, LooseStage>();
  for (const stage of stages) {
    if (stage.id === undefined) continue;
    if (byId.has(stage.id)) problems.push({ code: 'duplicate_stage', path: ['stages', stage.index, 'id'], message: `Stage id "${stage.id}" is used twice`, hint: 'give each stage its own id' });
    else byId.set(stage.id, stage);
  }
  const componentOf = (stage: LooseStage) => (stage.use === undefined ? undefined : catalog.get(stage.use));
  const edges = new Map<string, string[]>();
  const modes = triggerModes(spec);
  for (const stage of stages) {
    const component = componentOf(stage);
    if (stage.use !== undefined && !component) {
      problems.push({ code: 'unknown_component', path: ['stages', stage.index, 'use'], message: `No component "${stage.use}"`, hint: closestName(stage.use, catalog) });
    }
    if (component) {
      const config = component.config.safeParse(stage.with);
      if (!config.success) {
        for (const issue of config.error.issues) {
          problems.push({ code: 'invalid_config', path: ['stages', stage.index, 'with', ...toPath(issue.path)], message: issue.message, hint: `components.get ${component.name} shows its configuration` });
        }
      }
      if (stage.needs.length < component.input.min || stage.needs.length > component.input.max) {
        const wanted = component.input.min === component.input.max ? `${component.input.min}` : `${component.input.min} to ${component.input.max}`;
        problems.push({ code: 'missing_input', path: ['stages', stage.index, 'needs'], message: `${component.name} takes ${wanted} input(s), the stage names ${stage.needs.length}` });
      }
      for (const { index, mode } of modes) {
        if (!component.modes.includes(mode)) {
          problems.push({ code: 'trigger_incompatible', path: ['triggers', index], message: `Stage "${stage.id ?? stage.index}" (${component.name}) does not run in ${mode} mode`, hint: `${component.name} runs in ${component.modes.join(' and ')} mode` });
        }
      }
    }
    const upstream: string[] = [];
    stage.needs.forEach((ref, needIndex) => {
      if (typeof ref !== 'string') return;
      const path: Path = ['stages', stage.index, 'needs', needIndex];
      const [sourceId = '', port] = ref.split('.');
      const source = byId.get(sourceId);
      if (!source) {
        problems.push({ code: 'missing_input', path, message: `No stage "${sourceId}" to read from`, hint: `stage ids: ${[...byId.keys()].join(', ')}` });
        return;
      }
      upstream.push(sourceId);
      const sourceComponent = componentOf(source);
      if (!sourceComponent) return;
      if (port !== undefined && !outputPorts(source, sourceComponent).includes(port)) {
        problems.push({ code: 'unknown_port', path, message: `Stage "${sourceId}" has no output "${port}"`, hint: `its outputs: ${['(main)', ...outputPorts(source, sourceComponent)].join(', ')}` });
      }
      const produced: PortKind = port === undefined ? sourceComponent.output.kind : 'rows';
      if (component && component.input.kind !== produced) {
        problems.push({ code: 'type_mismatch', path, message: `Stage "${sourceId}" writes ${produced}, ${component.name} reads ${component.input.kind}` });
      }
    });
    if (stage.id !== undefined) edges.set(stage.id, upstream);
  }
  const cycle = findCycle(edges);
  if (cycle) {
    const first = byId.get(cycle[0]!)!;
    problems.push({ code: 'cycle', path: ['stages', first.index, 'needs'], message: `The stages ${[...cycle, cycle[0]].join(' → ')} need each other`, hint: 'a pipeline is a DAG: remove one of these needs' });
  }
  return { spec: parsed.success ? parsed.data : null, problems };
}
