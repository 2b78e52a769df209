import type { PipelineProblem, PipelineStage } from '@facilflow/contracts';
import type { ComponentDefinition } from '../components/component.ts';
import { closestName } from '../expressions/index.ts';
import { findCycles, portOfRef, stageOfRef } from './graph.ts';
import type { ResolvedStage } from './stage-checks.ts';

export interface GraphInput {
  /** Stages that parsed, by position in the spec. */
  stages: readonly { index: number; stage: PipelineStage }[];
  /** Ids of every stage, including those that did not parse, so they are not reported missing. */
  knownIds: ReadonlySet<string>;
  components: ReadonlyMap<number, ComponentDefinition>;
  resolved: ReadonlyMap<number, ResolvedStage>;
}

/** The route a stage's failures take when its error policy says `route`. */
const ERROR_PORT = 'error';

export function checkGraph(input: GraphInput, problems: PipelineProblem[]): void {
  const firstIndexById = new Map<string, number>();
  for (const { index, stage } of input.stages) {
    const first = firstIndexById.get(stage.id);
    if (first === undefined) firstIndexById.set(stage.id, index);
    else problems.push({ code: 'duplicate_stage', path: ['stages', index, 'id'], message: `stage id "${stage.id}" is already used by stage ${first}`, hint: 'give each stage its own id' });
  }
  const unique = input.stages.filter(({ index, stage }) => firstIndexById.get(stage.id) === index);
  for (const { index, stage } of unique) checkNeeds(index, stage, input, firstIndexById, problems);
  for (const cycle of findCycles(unique.map(({ index, stage }) => ({ index, id: stage.id, needs: stage.needs })))) {
    const first = firstIndexById.get(cycle[0] as string) as number;
    problems.push({ code: 'cycle', path: ['stages', first, 'needs'], message: `the stages form a cycle: ${cycle.join(' → ')}`, hint: 'a pipeline is a DAG: remove one of these needs' });
  }
}

function checkNeeds(index: number, stage: PipelineStage, input: GraphInput, indexById: ReadonlyMap<string, number>, problems: PipelineProblem[]): void {
  const component = input.components.get(index);
  if (component !== undefined && (stage.needs.length < component.input.min || stage.needs.length > component.input.max)) {
    const range = component.input.min === component.input.max ? `${component.input.min}` : `${component.input.min} to ${component.input.max}`;
    problems.push({
      code: 'type_mismatch',
      path: ['stages', index, 'needs'],
      message: `${component.name} takes ${range} input${component.input.max === 1 ? '' : 's'}, but stage "${stage.id}" needs ${stage.needs.length}`,
      hint: component.input.max === 0 ? 'a source reads no other stage: remove needs' : undefined,
    });
  }
  stage.needs.forEach((ref, position) => {
    const path = ['stages', index, 'needs', position];
    const neededId = stageOfRef(ref);
    const neededIndex = indexById.get(neededId);
    if (neededIndex === undefined) {
      if (input.knownIds.has(neededId)) return;
      const closest = closestName(neededId, input.knownIds);
      problems.push({ code: 'missing_input', path, message: `stage "${stage.id}" needs "${neededId}", which is not a stage of this pipeline`, hint: closest === undefined ? undefined : `did you mean "${closest}"?` });
      return;
    }
    const needed = input.resolved.get(neededIndex);
    const neededComponent = input.components.get(neededIndex);
    const port = portOfRef(ref);
    if (port !== undefined && needed !== undefined) {
      const ports = [...(needed.component.output.extra?.(needed.config as never) ?? []), ...(needed.stage.errorPolicy?.onError === 'route' ? [ERROR_PORT] : [])];
      if (!ports.includes(port)) {
        problems.push({
          code: 'unknown_port',
          path,
          message: `stage "${neededId}" (${needed.component.name}) has no output port "${port}"`,
          hint: ports.length === 0 ? `read its main output as "${neededId}"` : `its ports are ${ports.join(', ')}; "error" needs errorPolicy.onError "route"`,
        });
        return;
      }
    }
    // Named ports (late rows, routes, errors) carry rows whatever the main output is.
    const outputKind = port === undefined ? neededComponent?.output.kind : 'rows';
    if (component === undefined || outputKind === undefined || component.input.max === 0) return;
    if (outputKind !== component.input.kind) {
      problems.push({
        code: 'type_mismatch',
        path,
        message:
          outputKind === 'none'
            ? `stage "${neededId}" (${neededComponent?.name}) has no output for stage "${stage.id}" to read`
            : `stage "${stage.id}" (${component.name}) reads ${component.input.kind}, but "${ref}" gives ${outputKind}`,
      });
    }
  });
}
