import type { PipelineRow, PipelineScalar } from '@facilflow/contracts';
import { z } from 'zod';
import { compileExpression, DEFAULT_EXPRESSION_LIMITS, ExpressionError, isList, type CompiledExpression, type ExpressionScope, type ExpressionValue } from '../../../expressions/index.ts';
import type { ConfigExpression, StageContext } from '../../component.ts';

export const expressionSchema = z
  .string()
  .min(1)
  .max(DEFAULT_EXPRESSION_LIMITS.maxSourceLength)
  .describe('An expression: columns by name (row["odd name"]), params.x, vars.x, + - * / %, == != < <= > >=, and/or/not, x in [..], a ? b : c, and functions such as round, coalesce, matches');

export const columnNameSchema = z.string().min(1).max(128).describe('A column name');

/** One expression of a config, compiled once for the stage attempt, with where it sits for errors. */
export interface BoundExpression {
  label: string;
  expression: CompiledExpression;
}

/** Compiles one of the config's expressions, naming the config entry when it is refused. */
export function bindExpression({ path, source }: ConfigExpression): BoundExpression {
  const label = path.join('.');
  try {
    return { label, expression: compileExpression(source) };
  } catch (error) {
    if (error instanceof ExpressionError) throw new Error(`${label}: ${error.message}`, { cause: error });
    throw error;
  }
}

export function scopeFor(context: StageContext<unknown>, row: PipelineRow): ExpressionScope {
  return { row, params: context.params, vars: context.vars };
}

/** Evaluates, naming the config entry when the evaluation fails. */
export function evaluateBound(bound: BoundExpression, scope: ExpressionScope): ExpressionValue {
  try {
    return bound.expression.evaluate(scope);
  } catch (error) {
    if (error instanceof ExpressionError) throw new Error(`${bound.label}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** Evaluates to a row's scalar: a list (only `[..]` literals make them) cannot be stored in a column. */
export function evaluateScalar(bound: BoundExpression, scope: ExpressionScope): PipelineScalar {
  const value = evaluateBound(bound, scope);
  if (isList(value)) throw new Error(`${bound.label}: the expression gives a list, which a column cannot hold`);
  return value;
}

export function entriesAt(prefix: string, record: Readonly<Record<string, string>>): ConfigExpression[] {
  return Object.entries(record).map(([key, source]) => ({ path: [prefix, key], source }));
}
