import type { ExpressionNode } from './ast.ts';
import { ExpressionError } from './expression-error.ts';
import { ownDataValue } from './forbidden-names.ts';
import { FunctionError, type FunctionContext } from './function-context.ts';
import { EXPRESSION_FUNCTIONS } from './functions.ts';
import type { ExpressionLimits } from './limits.ts';
import { describeType, isList, isTruthy, valuesEqual, type ExpressionScalar, type ExpressionValue } from './values.ts';

/** What an expression reads: the row in hand, the run's params and the run's variables. */
export interface ExpressionScope {
  row: Readonly<Record<string, ExpressionScalar>>;
  params?: Readonly<Record<string, string | number | boolean>>;
  vars?: ReadonlyMap<string, string | number | boolean | null>;
}

class EvaluationStop extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** Walks the tree once per row, spending one step per node against the evaluation's budget. */
export class Evaluator implements FunctionContext {
  private steps = 0;

  constructor(
    private readonly source: string,
    readonly limits: ExpressionLimits,
    private readonly patterns: (source: string) => { regex: RegExp; maxInputLength: number },
    private readonly scope: ExpressionScope,
  ) {}

  run(root: ExpressionNode): ExpressionValue {
    try {
      return this.evaluate(root);
    } catch (error) {
      if (error instanceof EvaluationStop) throw new ExpressionError(error.message, error.position, this.source);
      // The budget ran out outside a call (a long concatenation): the expression as a whole is at fault.
      if (error instanceof FunctionError) throw new ExpressionError(error.message, root.position, this.source);
      throw error;
    }
  }

  charge(units: number): void {
    this.steps += units;
    if (this.steps > this.limits.maxSteps) throw new FunctionError(`the evaluation took more than ${this.limits.maxSteps} steps`);
  }

  pattern(source: string): { regex: RegExp; maxInputLength: number } {
    return this.patterns(source);
  }

  private evaluate(node: ExpressionNode): ExpressionValue {
    this.steps += 1;
    if (this.steps > this.limits.maxSteps) throw new EvaluationStop(`the evaluation took more than ${this.limits.maxSteps} steps`, node.position);
    switch (node.type) {
      case 'literal':
        return node.value;
      case 'list':
        return node.items.map((item) => this.evaluate(item));
      case 'column':
        return ownDataValue(this.scope.row, node.name) ?? null;
      case 'param':
        return this.scope.params === undefined ? null : (ownDataValue(this.scope.params, node.name) ?? null);
      case 'variable':
        return this.scope.vars?.get(node.name) ?? null;
      case 'unary':
        return this.unary(node.operator, this.evaluate(node.operand), node.position);
      case 'logical': {
        const left = isTruthy(this.evaluate(node.left));
        if (node.operator === 'and' ? !left : left) return left;
        return isTruthy(this.evaluate(node.right));
      }
      case 'conditional':
        return isTruthy(this.evaluate(node.test)) ? this.evaluate(node.then) : this.evaluate(node.otherwise);
      case 'in': {
        const value = this.evaluate(node.value);
        const list = this.evaluate(node.list);
        if (list === null) return false;
        if (!isList(list)) throw new EvaluationStop(`in takes a list on its right, e.g. x in [1, 2], not a ${describeType(list)}`, node.position);
        const found = list.some((item) => valuesEqual(item, value));
        return node.negated ? !found : found;
      }
      case 'binary':
        return this.binary(node.operator, this.evaluate(node.left), this.evaluate(node.right), node.position);
      case 'call':
        return this.call(node.name, node.args, node.position);
    }
  }

  private call(name: string, argNodes: ExpressionNode[], position: number): ExpressionValue {
    const definition = EXPRESSION_FUNCTIONS[name] as (typeof EXPRESSION_FUNCTIONS)[string];
    const args = argNodes.map((arg) => this.evaluate(arg));
    try {
      return definition.call(args, this);
    } catch (error) {
      if (error instanceof FunctionError) throw new EvaluationStop(error.message, position);
      throw error;
    }
  }

  private unary(operator: '-' | '+' | 'not', value: ExpressionValue, position: number): ExpressionValue {
    if (operator === 'not') return !isTruthy(value);
    if (value === null) return null;
    if (typeof value !== 'number') throw new EvaluationStop(`${operator} takes a number, not a ${describeType(value)}`, position);
    return operator === '-' ? -value : value;
  }

  private binary(operator: string, left: ExpressionValue, right: ExpressionValue, position: number): ExpressionValue {
    if (operator === '==') return valuesEqual(left, right);
    if (operator === '!=') return !valuesEqual(left, right);
    if (operator === '<' || operator === '<=' || operator === '>' || operator === '>=') return this.compare(operator, left, right, position);
    if (left === null || right === null) return null;
    if (operator === '+' && (typeof left === 'string' || typeof right === 'string') && !isList(left) && !isList(right)) {
      const text = `${left}${right}`;
      this.charge(Math.ceil(text.length / 1024));
      if (text.length > this.limits.maxStringLength) {
        throw new EvaluationStop(`the string would be ${text.length} characters, more than the ${this.limits.maxStringLength} allowed`, position);
      }
      return text;
    }
    if (typeof left !== 'number' || typeof right !== 'number') {
      throw new EvaluationStop(`${operator} takes numbers, not a ${describeType(left)} and a ${describeType(right)}`, position);
    }
    const result = arithmetic(operator, left, right);
    // A division by zero or an overflow has no reading to stand for: the value is missing.
    return Number.isFinite(result) ? result : null;
  }

  private compare(operator: '<' | '<=' | '>' | '>=', left: ExpressionValue, right: ExpressionValue, position: number): boolean {
    if (left === null || right === null) return false;
    const comparable = (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
    if (!comparable) throw new EvaluationStop(`${operator} compares two numbers or two strings, not a ${describeType(left)} and a ${describeType(right)}`, position);
    if (operator === '<') return left < right;
    if (operator === '<=') return left <= right;
    if (operator === '>') return left > right;
    return left >= right;
  }
}

function arithmetic(operator: string, left: number, right: number): number {
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return left / right;
    default:
      return left % right;
  }
}
