/**
 * Bounds on one expression, so a spec written by a person or a model cannot make a stage spin or
 * swell: there are no loops, but a huge or deeply nested expression, a long string built by
 * concatenation or a regex that backtracks would otherwise cost without limit.
 */
export interface ExpressionLimits {
  /** Characters of source. */
  maxSourceLength: number;
  /** Nesting of the syntax tree (parentheses, operators, calls). */
  maxDepth: number;
  /** Nodes of the syntax tree. */
  maxNodes: number;
  /** Work units per evaluation: one per node, plus one per KiB a string function touches. */
  maxSteps: number;
  /** Characters of any string an evaluation builds. */
  maxStringLength: number;
  /** Items of a list literal. */
  maxListItems: number;
  /** Characters of a `matches` pattern. */
  maxPatternLength: number;
  /** Characters of the text a `matches` pattern is run on. */
  maxMatchInputLength: number;
}

export const DEFAULT_EXPRESSION_LIMITS: Readonly<ExpressionLimits> = Object.freeze({
  maxSourceLength: 4096,
  maxDepth: 48,
  maxNodes: 1000,
  maxSteps: 20_000,
  maxStringLength: 65_536,
  maxListItems: 256,
  maxPatternLength: 200,
  maxMatchInputLength: 4096,
});
