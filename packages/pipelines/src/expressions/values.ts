/** What an expression computes: a row's scalars, or a list (from `[..]` literals, for `in`). */
export type ExpressionScalar = string | number | boolean | null;
export type ExpressionValue = ExpressionScalar | readonly ExpressionValue[];

export function isList(value: ExpressionValue): value is readonly ExpressionValue[] {
  return Array.isArray(value);
}

/** Filters and conditions: null, false, 0, "" and [] are false, the rest true. */
export function isTruthy(value: ExpressionValue): boolean {
  if (isList(value)) return value.length > 0;
  return value !== null && value !== false && value !== 0 && value !== '' && !Number.isNaN(value);
}

export function describeType(value: ExpressionValue): string {
  if (value === null) return 'null';
  if (isList(value)) return 'list';
  return typeof value;
}

export function valuesEqual(left: ExpressionValue, right: ExpressionValue): boolean {
  if (isList(left) || isList(right)) {
    if (!isList(left) || !isList(right) || left.length !== right.length) return false;
    return left.every((item, index) => valuesEqual(item, right[index] as ExpressionValue));
  }
  return left === right;
}
