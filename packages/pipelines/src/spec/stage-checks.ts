import type { PipelineProblem, PipelineStage } from '@facilflow/contracts';
import { z } from 'zod';
import type { ComponentDefinition } from '../components/component.ts';
import { closestName, tryCompileExpression } from '../expressions/index.ts';
import type { ComponentLookup } from './component-lookup.ts';
import { zodProblems } from './zod-problems.ts';

/** A stage whose component is known and whose config the component accepted. */
export interface ResolvedStage {
  index: number;
  stage: PipelineStage;
  component: ComponentDefinition;
  config: unknown;
}

/** The component, its config, its own checks and its expressions, for one stage. */
export function checkStage(
  index: number,
  stage: Pick<PipelineStage, 'use' | 'with'>,
  lookup: ComponentLookup,
  paramNames: readonly string[],
  problems: PipelineProblem[],
): { component?: ComponentDefinition; config?: unknown } {
  const component = lookup.find(stage.use);
  if (component === undefined) {
    const closest = closestName(stage.use, lookup.names());
    problems.push({
      code: 'unknown_component',
      path: ['stages', index, 'use'],
      message: `there is no component ${JSON.stringify(stage.use)}`,
      hint: closest === undefined ? 'components.list names them all' : `did you mean "${closest}"?`,
    });
    return {};
  }
  const withPath = ['stages', index, 'with'];
  problems.push(...unknownKeys(component, stage.with, withPath));
  const parsed = component.config.safeParse(stage.with);
  if (!parsed.success) {
    problems.push(...zodProblems(parsed.error, 'invalid_config', withPath));
    return { component };
  }
  const config: unknown = parsed.data;
  for (const issue of component.check?.(config as never) ?? []) {
    const problem: PipelineProblem = { code: issue.code ?? 'invalid_config', path: [...withPath, ...issue.path], message: issue.message };
    problems.push(issue.hint === undefined ? problem : { ...problem, hint: issue.hint });
  }
  for (const { path, source } of component.expressions?.(config as never) ?? []) {
    const compiled = tryCompileExpression(source);
    if (!compiled.ok) {
      problems.push({ code: 'invalid_expression', path: [...withPath, ...path], message: compiled.error.message, hint: compiled.error.excerpt() });
      continue;
    }
    for (const param of compiled.expression.references.params) {
      if (paramNames.includes(param)) continue;
      const closest = closestName(param, paramNames);
      problems.push({
        code: 'unknown_param',
        path: [...withPath, ...path],
        message: `params.${param} is not declared in the spec's params`,
        hint: closest === undefined ? `declare "${param}" under params with a type and a default` : `did you mean params.${closest}?`,
      });
    }
  }
  return { component, config };
}

/** Keys the component's config does not know: zod strips them silently, so a typo would go unnoticed. */
function unknownKeys(component: ComponentDefinition, config: Record<string, unknown>, withPath: (string | number)[]): PipelineProblem[] {
  if (!(component.config instanceof z.ZodObject)) return [];
  const known = Object.keys(component.config.shape);
  return Object.keys(config)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const closest = closestName(key, known);
      return {
        code: 'invalid_config' as const,
        path: [...withPath, key],
        message: `${component.name} has no setting ${JSON.stringify(key)}`,
        hint: closest === undefined ? `its settings are ${known.join(', ')}` : `did you mean "${closest}"?`,
      };
    });
}
