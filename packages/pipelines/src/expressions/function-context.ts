import type { ExpressionLimits } from './limits.ts';

/** A function's failure; the evaluator turns it into an ExpressionError at the call. */
export class FunctionError extends Error {}

/** What a function may ask of the evaluation it runs in: its bounds and its budget. */
export interface FunctionContext {
  limits: ExpressionLimits;
  /** Spends work units; throws once the evaluation's budget is gone. */
  charge(units: number): void;
  /** A regex checked against the pattern policy, cached for the compiled expression. */
  pattern(source: string): { regex: RegExp; maxInputLength: number };
}
