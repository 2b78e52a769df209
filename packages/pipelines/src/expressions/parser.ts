import type { BinaryOperator, ExpressionNode } from './ast.ts';
import { ExpressionError } from './expression-error.ts';
import { isForbiddenName } from './forbidden-names.ts';
import { EXPRESSION_FUNCTIONS, closestFunctionName } from './functions.ts';
import type { ExpressionLimits } from './limits.ts';
import { tokenize, type Token } from './tokenizer.ts';

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const NAMESPACES = { row: 'column', params: 'param', vars: 'variable' } as const;

/**
 * Recursive descent, lowest precedence first: `?:`, `or`, `and`, `not`, comparisons and `in`,
 * `+ -`, `* / %`, unary `- +`, then names, calls, literals and parentheses.
 */
export function parseExpression(source: string, limits: ExpressionLimits): ExpressionNode {
  if (source.length > limits.maxSourceLength) {
    throw new ExpressionError(`the expression is ${source.length} characters, more than the ${limits.maxSourceLength} allowed`, limits.maxSourceLength, source);
  }
  if (source.trim() === '') throw new ExpressionError('the expression is empty', 0, source);
  return new Parser(source, tokenize(source), limits).parseAll();
}

class Parser {
  private index = 0;
  private depth = 0;
  private nodes = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
    private readonly limits: ExpressionLimits,
  ) {}

  parseAll(): ExpressionNode {
    const node = this.conditional();
    const rest = this.peek();
    if (rest.type !== 'end') throw this.error(`unexpected ${describe(rest)}`, rest.position);
    return node;
  }

  private conditional(): ExpressionNode {
    return this.nested(() => {
      const test = this.or();
      const question = this.peek();
      if (!this.accept('punct', '?')) return test;
      const then = this.conditional();
      this.expect('punct', ':');
      const otherwise = this.conditional();
      return this.node({ type: 'conditional', test, then, otherwise, position: question.position });
    });
  }

  private or(): ExpressionNode {
    let left = this.and();
    for (let token = this.peek(); this.accept('keyword', 'or') || this.accept('punct', '||'); token = this.peek()) {
      left = this.node({ type: 'logical', operator: 'or', left, right: this.and(), position: token.position });
    }
    return left;
  }

  private and(): ExpressionNode {
    let left = this.not();
    for (let token = this.peek(); this.accept('keyword', 'and') || this.accept('punct', '&&'); token = this.peek()) {
      left = this.node({ type: 'logical', operator: 'and', left, right: this.not(), position: token.position });
    }
    return left;
  }

  private not(): ExpressionNode {
    const token = this.peek();
    if (this.accept('keyword', 'not') || this.accept('punct', '!')) {
      return this.nested(() => this.node({ type: 'unary', operator: 'not', operand: this.not(), position: token.position }));
    }
    return this.comparison();
  }

  private comparison(): ExpressionNode {
    const left = this.additive();
    const token = this.peek();
    if (token.type === 'punct' && COMPARISONS.has(token.text)) {
      this.index += 1;
      return this.node({ type: 'binary', operator: token.text as BinaryOperator, left, right: this.additive(), position: token.position });
    }
    if (this.accept('keyword', 'in')) return this.node({ type: 'in', value: left, list: this.additive(), negated: false, position: token.position });
    if (token.type === 'keyword' && token.text === 'not' && this.peek(1).text === 'in') {
      this.index += 2;
      return this.node({ type: 'in', value: left, list: this.additive(), negated: true, position: token.position });
    }
    return left;
  }

  private additive(): ExpressionNode {
    let left = this.multiplicative();
    for (let token = this.peek(); token.type === 'punct' && (token.text === '+' || token.text === '-'); token = this.peek()) {
      this.index += 1;
      left = this.node({ type: 'binary', operator: token.text, left, right: this.multiplicative(), position: token.position });
    }
    return left;
  }

  private multiplicative(): ExpressionNode {
    let left = this.unary();
    for (let token = this.peek(); token.type === 'punct' && (token.text === '*' || token.text === '/' || token.text === '%'); token = this.peek()) {
      this.index += 1;
      left = this.node({ type: 'binary', operator: token.text, left, right: this.unary(), position: token.position });
    }
    return left;
  }

  private unary(): ExpressionNode {
    const token = this.peek();
    if (token.type === 'punct' && (token.text === '-' || token.text === '+')) {
      this.index += 1;
      return this.nested(() => this.node({ type: 'unary', operator: token.text as '-' | '+', operand: this.unary(), position: token.position }));
    }
    return this.primary();
  }

  private primary(): ExpressionNode {
    const token = this.next();
    switch (token.type) {
      case 'number':
        return this.node({ type: 'literal', value: token.value ?? 0, position: token.position });
      case 'string':
        if (token.text.length > this.limits.maxStringLength) throw this.error('the string literal is too long', token.position);
        return this.node({ type: 'literal', value: token.text, position: token.position });
      case 'keyword':
        if (token.text === 'true' || token.text === 'false') return this.node({ type: 'literal', value: token.text === 'true', position: token.position });
        if (token.text === 'null') return this.node({ type: 'literal', value: null, position: token.position });
        throw this.error(`unexpected ${describe(token)}`, token.position);
      case 'identifier':
        return this.name(token);
      case 'punct':
        if (token.text === '(') {
          const inner = this.conditional();
          this.expect('punct', ')');
          return inner;
        }
        if (token.text === '[') return this.list(token);
        throw this.error(`unexpected ${describe(token)}`, token.position);
      case 'end':
        throw this.error('the expression ends too soon', token.position);
    }
  }

  private name(token: Token): ExpressionNode {
    if (this.peek().text === '(' && this.peek().type === 'punct') return this.call(token);
    const namespace = Object.hasOwn(NAMESPACES, token.text) ? NAMESPACES[token.text as keyof typeof NAMESPACES] : undefined;
    if (namespace === undefined) return this.node({ type: 'column', name: this.checkName(token.text, token.position), position: token.position });
    const accessor = this.next();
    let name: string;
    if (accessor.type === 'punct' && accessor.text === '.') {
      const member = this.next();
      if (member.type !== 'identifier' && member.type !== 'keyword') throw this.error(`${token.text}. takes a name`, member.position);
      name = member.text;
    } else if (accessor.type === 'punct' && accessor.text === '[') {
      const key = this.next();
      if (key.type !== 'string') throw this.error(`${token.text}[...] takes a quoted name, e.g. ${token.text}["odd name"]`, key.position);
      this.expect('punct', ']');
      name = key.text;
    } else {
      throw this.error(`${token.text} is a namespace: write ${token.text}.name or ${token.text}["name"]`, accessor.position);
    }
    return this.node({ type: namespace, name: this.checkName(name, token.position), position: token.position });
  }

  private call(token: Token): ExpressionNode {
    const definition = Object.hasOwn(EXPRESSION_FUNCTIONS, token.text) ? EXPRESSION_FUNCTIONS[token.text] : undefined;
    if (definition === undefined) {
      const closest = closestFunctionName(token.text);
      throw this.error(`unknown function ${token.text}${closest === undefined ? '' : `; did you mean ${closest}?`}`, token.position);
    }
    this.expect('punct', '(');
    return this.nested(() => {
      const args = this.items(')');
      if (args.length < definition.minArgs || args.length > definition.maxArgs) {
        const expected = definition.minArgs === definition.maxArgs ? `${definition.minArgs}` : `${definition.minArgs} to ${definition.maxArgs}`;
        throw this.error(`${token.text} takes ${expected} arguments, not ${args.length}`, token.position);
      }
      return this.node({ type: 'call', name: token.text, args, position: token.position });
    });
  }

  private list(token: Token): ExpressionNode {
    return this.nested(() => {
      const items = this.items(']');
      if (items.length > this.limits.maxListItems) throw this.error(`a list holds at most ${this.limits.maxListItems} items`, token.position);
      return this.node({ type: 'list', items, position: token.position });
    });
  }

  private items(close: string): ExpressionNode[] {
    const items: ExpressionNode[] = [];
    if (this.accept('punct', close)) return items;
    do items.push(this.conditional());
    while (this.accept('punct', ','));
    this.expect('punct', close);
    return items;
  }

  private checkName(name: string, position: number): string {
    if (isForbiddenName(name)) throw this.error(`${JSON.stringify(name)} is not a name an expression may read`, position);
    return name;
  }

  private nested(parse: () => ExpressionNode): ExpressionNode {
    this.depth += 1;
    if (this.depth > this.limits.maxDepth) throw this.error(`the expression nests deeper than ${this.limits.maxDepth} levels`, this.peek().position);
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private node(node: ExpressionNode): ExpressionNode {
    this.nodes += 1;
    if (this.nodes > this.limits.maxNodes) throw this.error(`the expression has more than ${this.limits.maxNodes} parts`, node.position);
    return node;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index += 1;
    return token;
  }

  private accept(type: Token['type'], text: string): boolean {
    const token = this.peek();
    if (token.type !== type || token.text !== text) return false;
    this.index += 1;
    return true;
  }

  private expect(type: Token['type'], text: string): void {
    const token = this.peek();
    if (!this.accept(type, text)) throw this.error(`expected ${JSON.stringify(text)} but found ${describe(token)}`, token.position);
  }

  private error(message: string, position: number): ExpressionError {
    return new ExpressionError(message, position, this.source);
  }
}

function describe(token: Token): string {
  if (token.type === 'end') return 'the end';
  if (token.type === 'string') return 'a string';
  return JSON.stringify(token.text);
}
