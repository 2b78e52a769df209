import type { PipelineSpec, StepError } from '@facilflow/contracts';
import type { ParamValue } from '../components/component.ts';

export type ResolvedParams = { ok: true; params: Record<string, ParamValue> } | { ok: false; error: StepError };

/** The run's params: the given ones checked against the spec's declarations, defaults filled in. */
export function resolveRunParams(declared: PipelineSpec['params'], given: Readonly<Record<string, ParamValue>>): ResolvedParams {
  for (const name of Object.keys(given)) {
    if (!(name in declared)) return { ok: false, error: { message: `param "${name}" is not declared by the pipeline`, path: ['params', name], code: 'unknown_param' } };
  }
  const params: Record<string, ParamValue> = {};
  for (const [name, declaration] of Object.entries(declared)) {
    const value = given[name] ?? declaration.default;
    if (value === undefined) return { ok: false, error: { message: `param "${name}" has no value and no default`, path: ['params', name], code: 'missing_param' } };
    if (typeof value !== declaration.type) {
      return { ok: false, error: { message: `param "${name}" must be a ${declaration.type}, got ${typeof value}`, path: ['params', name], code: 'invalid_param' } };
    }
    params[name] = value;
  }
  return { ok: true, params };
}
