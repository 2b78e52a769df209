import { isDeepStrictEqual } from 'node:util';

/**
 * How a scenario says what it expects. A matcher is:
 * - a string, number, boolean or null: that value exactly;
 * - an array: as many elements, each matching its matcher;
 * - an object: a subset, every key matching (other keys may be there);
 * - `{ "$exact": v }`: deep-equal to v, no more keys;
 * - `{ "$regex": "…", "$flags"?: "i" }`: a string the expression finds;
 * - `{ "$all": [m…] }`: every matcher matches;
 * - `{ "$includes": [m…] }`: an array in which each matcher matches some element;
 * - `{ "$none": m }`: an array in which no element matches;
 * - `{ "$length": n }`: an array or string of length n.
 */
export type Matcher = unknown;

const OPERATORS = ['$exact', '$regex', '$all', '$includes', '$none', '$length'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
};

/** Why `actual` does not match `expected`, one line per mismatch with its path; empty when it matches. */
export function mismatches(expected: Matcher, actual: unknown, path = '$'): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${show(actual)}`];
    if (actual.length !== expected.length) return [`${path}: expected ${expected.length} elements, got ${actual.length}: ${show(actual)}`];
    return expected.flatMap((item, i) => mismatches(item, actual[i], `${path}[${i}]`));
  }
  if (!isRecord(expected)) return isDeepStrictEqual(expected, actual) ? [] : [`${path}: expected ${show(expected)}, got ${show(actual)}`];
  const operator = OPERATORS.find((name) => name in expected);
  if (!operator) {
    if (!isRecord(actual)) return [`${path}: expected an object, got ${show(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) => mismatches(value, actual[key], `${path}.${key}`));
  }
  const argument = expected[operator];
  switch (operator) {
    case '$exact':
      return isDeepStrictEqual(argument, actual) ? [] : [`${path}: expected exactly ${show(argument)}, got ${show(actual)}`];
    case '$regex': {
      const pattern = new RegExp(String(argument), typeof expected.$flags === 'string' ? expected.$flags : '');
      return typeof actual === 'string' && pattern.test(actual) ? [] : [`${path}: expected a string matching /${pattern.source}/${pattern.flags}, got ${show(actual)}`];
    }
    case '$all':
      return (Array.isArray(argument) ? argument : [argument]).flatMap((matcher) => mismatches(matcher, actual, path));
    case '$includes': {
      if (!Array.isArray(actual)) return [`${path}: expected an array, got ${show(actual)}`];
      const wanted = Array.isArray(argument) ? argument : [argument];
      return wanted.flatMap((matcher) => (actual.some((item) => mismatches(matcher, item).length === 0) ? [] : [`${path}: no element matches ${show(matcher)} in ${show(actual)}`]));
    }
    case '$none': {
      if (!Array.isArray(actual)) return [`${path}: expected an array, got ${show(actual)}`];
      const found = actual.findIndex((item) => mismatches(argument, item).length === 0);
      return found === -1 ? [] : [`${path}[${found}]: matches ${show(argument)}, which none may: ${show(actual[found])}`];
    }
    case '$length': {
      const length = Array.isArray(actual) || typeof actual === 'string' ? actual.length : null;
      return length === argument ? [] : [`${path}: expected length ${show(argument)}, got ${length === null ? show(actual) : length}`];
    }
  }
}
