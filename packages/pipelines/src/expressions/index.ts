export { compileExpression, tryCompileExpression, type CompiledExpression, type ExpressionCheck, type ExpressionReferences } from './compile.ts';
export type { ExpressionScope } from './evaluator.ts';
export { ExpressionError } from './expression-error.ts';
export { EXPRESSION_FUNCTIONS } from './functions.ts';
export { DEFAULT_EXPRESSION_LIMITS, type ExpressionLimits } from './limits.ts';
export { closestName, editDistance } from './closest-name.ts';
export { isList, isTruthy, type ExpressionScalar, type ExpressionValue } from './values.ts';
export { checkPattern, type CheckedPattern } from './safe-regex.ts';
