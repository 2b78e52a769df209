import type { ExpressionNode } from './ast.ts';
import { Evaluator, type ExpressionScope } from './evaluator.ts';
import { ExpressionError } from './expression-error.ts';
import { FunctionError } from './function-context.ts';
import { DEFAULT_EXPRESSION_LIMITS, type ExpressionLimits } from './limits.ts';
import { parseExpression } from './parser.ts';
import { checkPattern } from './safe-regex.ts';
import type { ExpressionValue } from './values.ts';

/** The names an expression reads, so a validator can check them against the spec. */
export interface ExpressionReferences {
  columns: string[];
  params: string[];
  vars: string[];
}

export interface CompiledExpression {
  readonly source: string;
  readonly references: ExpressionReferences;
  /** Throws ExpressionError (with its position) when a bound is hit or a value has the wrong type. */
  evaluate(scope: ExpressionScope): ExpressionValue;
}

// Patterns built at run time are checked once each; the cache is bounded like everything else.
const PATTERN_CACHE_SIZE = 32;

/** Parses and checks an expression once, to be evaluated on many rows. Throws ExpressionError. */
export function compileExpression(source: string, limits: Partial<ExpressionLimits> = {}): CompiledExpression {
  const bounds: ExpressionLimits = { ...DEFAULT_EXPRESSION_LIMITS, ...limits };
  const root = parseExpression(source, bounds);
  const references: ExpressionReferences = { columns: [], params: [], vars: [] };
  const patterns = new Map<string, { regex: RegExp; maxInputLength: number }>();
  collect(root, source, bounds, references, patterns);

  const lookupPattern = (pattern: string): { regex: RegExp; maxInputLength: number } => {
    const known = patterns.get(pattern);
    if (known !== undefined) return known;
    const checked = checkPattern(pattern, bounds);
    if (!checked.ok) throw new FunctionError(checked.reason);
    if (patterns.size >= PATTERN_CACHE_SIZE) patterns.delete(patterns.keys().next().value as string);
    const entry = { regex: checked.regex, maxInputLength: checked.maxInputLength };
    patterns.set(pattern, entry);
    return entry;
  };

  return {
    source,
    references,
    evaluate: (scope) => new Evaluator(source, bounds, lookupPattern, scope).run(root),
  };
}

export type ExpressionCheck = { ok: true; expression: CompiledExpression } | { ok: false; error: ExpressionError };

export function tryCompileExpression(source: string, limits: Partial<ExpressionLimits> = {}): ExpressionCheck {
  try {
    return { ok: true, expression: compileExpression(source, limits) };
  } catch (error) {
    if (error instanceof ExpressionError) return { ok: false, error };
    throw error;
  }
}

/** Gathers the names read and checks literal regex patterns now rather than on the first row. */
function collect(
  node: ExpressionNode,
  source: string,
  limits: ExpressionLimits,
  references: ExpressionReferences,
  patterns: Map<string, { regex: RegExp; maxInputLength: number }>,
): void {
  const visit = (child: ExpressionNode): void => collect(child, source, limits, references, patterns);
  switch (node.type) {
    case 'column':
      addOnce(references.columns, node.name);
      return;
    case 'param':
      addOnce(references.params, node.name);
      return;
    case 'variable':
      addOnce(references.vars, node.name);
      return;
    case 'literal':
      return;
    case 'list':
      node.items.forEach(visit);
      return;
    case 'unary':
      visit(node.operand);
      return;
    case 'binary':
    case 'logical':
      visit(node.left);
      visit(node.right);
      return;
    case 'in':
      visit(node.value);
      visit(node.list);
      return;
    case 'conditional':
      visit(node.test);
      visit(node.then);
      visit(node.otherwise);
      return;
    case 'call': {
      node.args.forEach(visit);
      const pattern = node.args[1];
      if (node.name === 'matches' && pattern?.type === 'literal' && typeof pattern.value === 'string') {
        const checked = checkPattern(pattern.value, limits);
        if (!checked.ok) throw new ExpressionError(checked.reason, pattern.position, source);
        patterns.set(pattern.value, { regex: checked.regex, maxInputLength: checked.maxInputLength });
      }
    }
  }
}

function addOnce(names: string[], name: string): void {
  if (!names.includes(name)) names.push(name);
}
