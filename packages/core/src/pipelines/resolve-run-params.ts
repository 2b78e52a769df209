import { FacilFlowError, type PipelineSpec } from '@facilflow/contracts';
import type { ParamValue } from '@facilflow/pipelines';

/** The run's params: the given ones checked against the spec's declarations, the others at their defaults. */
export function resolveRunParams(spec: PipelineSpec, given: Readonly<Record<string, ParamValue>>): Record<string, ParamValue> {
  const problems: string[] = [];
  for (const name of Object.keys(given)) if (!(name in spec.params)) problems.push(`"${name}" is not a param of this pipeline`);
  const resolved: Record<string, ParamValue> = {};
  for (const [name, declared] of Object.entries(spec.params)) {
    const value = given[name] ?? declared.default;
    if (value === undefined) problems.push(`"${name}" has no default and was not given`);
    else if (typeof value !== declared.type) problems.push(`"${name}" must be a ${declared.type}`);
    else resolved[name] = value;
  }
  if (problems.length > 0) throw new FacilFlowError('INVALID', `Params refused: ${problems.join('; ')}`, { problems });
  return resolved;
}
