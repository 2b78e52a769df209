import type { ExpressionValue } from './values.ts';

/** The syntax tree of an expression; every node keeps the offset it starts at, for errors. */
export type ExpressionNode =
  | { type: 'literal'; value: ExpressionValue; position: number }
  | { type: 'list'; items: ExpressionNode[]; position: number }
  | { type: 'column'; name: string; position: number }
  | { type: 'param'; name: string; position: number }
  | { type: 'variable'; name: string; position: number }
  | { type: 'unary'; operator: '-' | '+' | 'not'; operand: ExpressionNode; position: number }
  | { type: 'binary'; operator: BinaryOperator; left: ExpressionNode; right: ExpressionNode; position: number }
  | { type: 'logical'; operator: 'and' | 'or'; left: ExpressionNode; right: ExpressionNode; position: number }
  | { type: 'in'; value: ExpressionNode; list: ExpressionNode; negated: boolean; position: number }
  | { type: 'conditional'; test: ExpressionNode; then: ExpressionNode; otherwise: ExpressionNode; position: number }
  | { type: 'call'; name: string; args: ExpressionNode[]; position: number };

export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=';
