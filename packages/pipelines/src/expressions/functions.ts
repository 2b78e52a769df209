import { closestName } from './closest-name.ts';
import { FunctionError, type FunctionContext } from './function-context.ts';
import { describeType, isList, valuesEqual, type ExpressionValue } from './values.ts';

export interface ExpressionFunction {
  minArgs: number;
  maxArgs: number;
  description: string;
  call(args: readonly ExpressionValue[], context: FunctionContext): ExpressionValue;
}

const VARIADIC = 32;
const KIB = 1024;

function numberArg(name: string, value: ExpressionValue | undefined, index: number): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number') throw new FunctionError(`${name} takes a number as argument ${index + 1}, not a ${describeType(value)}`);
  return value;
}

function textArg(name: string, value: ExpressionValue | undefined, index: number): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new FunctionError(`${name} takes a string as argument ${index + 1}, not a ${describeType(value)}`);
  return value;
}

/** Null in, null out: a missing reading stays missing instead of failing the row. */
function numeric(name: string, description: string, compute: (...values: number[]) => number, arity = 1): ExpressionFunction {
  return {
    minArgs: arity,
    maxArgs: arity,
    description,
    call(args) {
      const values = args.map((arg, index) => numberArg(name, arg, index));
      if (values.some((value) => value === null)) return null;
      const result = compute(...(values as number[]));
      return Number.isFinite(result) ? result : null;
    },
  };
}

function textual(name: string, description: string, compute: (text: string, context: FunctionContext) => ExpressionValue): ExpressionFunction {
  return {
    minArgs: 1,
    maxArgs: 1,
    description,
    call(args, context) {
      const text = textArg(name, args[0], 0);
      if (text === null) return null;
      context.charge(Math.ceil(text.length / KIB));
      return compute(text, context);
    },
  };
}

function textPair(name: string, description: string, compute: (text: string, part: string) => boolean): ExpressionFunction {
  return {
    minArgs: 2,
    maxArgs: 2,
    description,
    call(args, context) {
      const text = textArg(name, args[0], 0);
      const part = textArg(name, args[1], 1);
      if (text === null || part === null) return null;
      context.charge(Math.ceil(text.length / KIB));
      return compute(text, part);
    },
  };
}

function extreme(name: string, pick: (values: number[]) => number): ExpressionFunction {
  return {
    minArgs: 1,
    maxArgs: VARIADIC,
    description: `The ${name === 'min' ? 'smallest' : 'largest'} of its numbers, nulls skipped; null when all are null.`,
    call(args) {
      const values = args.flatMap((arg) => (isList(arg) ? arg : [arg])).map((arg, index) => numberArg(name, arg, index));
      const present = values.filter((value): value is number => value !== null);
      return present.length === 0 ? null : pick(present);
    },
  };
}

function toText(value: ExpressionValue): string {
  if (value === null) return '';
  if (isList(value)) return value.map(toText).join(',');
  return String(value);
}

function bounded(text: string, context: FunctionContext): string {
  if (text.length > context.limits.maxStringLength) throw new FunctionError(`the string would be ${text.length} characters, more than the ${context.limits.maxStringLength} allowed`);
  return text;
}

/** The only functions an expression may call; each is pure and bounded. */
export const EXPRESSION_FUNCTIONS: Readonly<Record<string, ExpressionFunction>> = Object.freeze({
  abs: numeric('abs', 'Absolute value.', Math.abs),
  floor: numeric('floor', 'Largest integer not above.', Math.floor),
  ceil: numeric('ceil', 'Smallest integer not below.', Math.ceil),
  sqrt: numeric('sqrt', 'Square root; null for negatives.', Math.sqrt),
  exp: numeric('exp', 'e to the power.', Math.exp),
  pow: numeric('pow', 'pow(base, exponent).', Math.pow, 2),
  min: extreme('min', (values) => Math.min(...values)),
  max: extreme('max', (values) => Math.max(...values)),
  round: {
    minArgs: 1,
    maxArgs: 2,
    description: 'round(x) to an integer, round(x, digits) to that many decimals (0..15).',
    call(args) {
      const value = numberArg('round', args[0], 0);
      const digits = numberArg('round', args[1], 1) ?? 0;
      if (value === null) return null;
      if (!Number.isInteger(digits) || digits < 0 || digits > 15) throw new FunctionError('round takes 0 to 15 digits');
      const scale = 10 ** digits;
      return Math.round(value * scale) / scale;
    },
  },
  log: {
    minArgs: 1,
    maxArgs: 2,
    description: 'log(x) natural logarithm, log(x, base); null for x <= 0.',
    call(args) {
      const value = numberArg('log', args[0], 0);
      const base = numberArg('log', args[1], 1);
      if (value === null || value <= 0) return null;
      const result = base === null ? Math.log(value) : Math.log(value) / Math.log(base);
      return Number.isFinite(result) ? result : null;
    },
  },
  len: {
    minArgs: 1,
    maxArgs: 1,
    description: 'Characters of a string or items of a list; null for null.',
    call([value]) {
      if (value === null || value === undefined) return null;
      if (typeof value === 'string' || isList(value)) return value.length;
      throw new FunctionError(`len takes a string or a list, not a ${describeType(value)}`);
    },
  },
  lower: textual('lower', 'Lower case.', (text) => text.toLowerCase()),
  upper: textual('upper', 'Upper case.', (text) => text.toUpperCase()),
  trim: textual('trim', 'Without leading and trailing white space.', (text) => text.trim()),
  startsWith: textPair('startsWith', 'startsWith(text, prefix).', (text, part) => text.startsWith(part)),
  endsWith: textPair('endsWith', 'endsWith(text, suffix).', (text, part) => text.endsWith(part)),
  contains: {
    minArgs: 2,
    maxArgs: 2,
    description: 'contains(text, part) for strings, contains(list, item) for lists.',
    call([haystack, needle], context) {
      if (haystack === null || haystack === undefined) return null;
      if (isList(haystack)) return haystack.some((item) => valuesEqual(item, needle ?? null));
      const part = textArg('contains', needle, 1);
      const text = textArg('contains', haystack, 0);
      if (part === null || text === null) return null;
      context.charge(Math.ceil(text.length / KIB));
      return text.includes(part);
    },
  },
  substr: {
    minArgs: 2,
    maxArgs: 3,
    description: 'substr(text, start, length?), start from 0.',
    call(args) {
      const text = textArg('substr', args[0], 0);
      const start = numberArg('substr', args[1], 1);
      const length = numberArg('substr', args[2], 2);
      if (text === null || start === null) return null;
      const from = Math.max(0, Math.trunc(start));
      return length === null ? text.slice(from) : text.slice(from, from + Math.max(0, Math.trunc(length)));
    },
  },
  concat: {
    minArgs: 1,
    maxArgs: VARIADIC,
    description: 'Its arguments as text, joined; null counts as empty.',
    call(args, context) {
      const text = args.map(toText).join('');
      context.charge(Math.ceil(text.length / KIB));
      return bounded(text, context);
    },
  },
  coalesce: {
    minArgs: 1,
    maxArgs: VARIADIC,
    description: 'Its first argument that is not null.',
    call: (args) => args.find((arg) => arg !== null) ?? null,
  },
  isNull: { minArgs: 1, maxArgs: 1, description: 'True when null.', call: ([value]) => value === null },
  number: {
    minArgs: 1,
    maxArgs: 1,
    description: 'A number from a number, numeric string or boolean; null when it is none.',
    call([value]) {
      if (value === null || value === undefined || isList(value)) return null;
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'string' && value.trim() === '') return null;
      const result = Number(value);
      return Number.isFinite(result) ? result : null;
    },
  },
  string: {
    minArgs: 1,
    maxArgs: 1,
    description: 'The value as text; null stays null.',
    call: ([value], context) => (value === null || value === undefined ? null : bounded(toText(value), context)),
  },
  toTime: {
    minArgs: 1,
    maxArgs: 1,
    description: 'Epoch milliseconds from an ISO 8601 string (or a number, unchanged); null when unreadable.',
    call([value]) {
      if (value === null || value === undefined) return null;
      if (typeof value === 'number') return value;
      const text = textArg('toTime', value, 0) ?? '';
      const parsed = Date.parse(text);
      return Number.isFinite(parsed) ? parsed : null;
    },
  },
  formatTime: {
    minArgs: 1,
    maxArgs: 1,
    description: 'ISO 8601 (UTC) text of epoch milliseconds.',
    call(args) {
      const value = numberArg('formatTime', args[0], 0);
      if (value === null) return null;
      const date = new Date(value);
      return Number.isFinite(date.getTime()) ? date.toISOString() : null;
    },
  },
  matches: {
    minArgs: 2,
    maxArgs: 2,
    description: 'matches(text, pattern): a regular expression test, under a policy that refuses patterns which can backtrack without end.',
    call(args, context) {
      const text = textArg('matches', args[0], 0);
      const pattern = textArg('matches', args[1], 1);
      if (text === null || pattern === null) return null;
      const checked = context.pattern(pattern);
      if (text.length > checked.maxInputLength) throw new FunctionError(`matches runs on at most ${checked.maxInputLength} characters with this pattern; the text has ${text.length}`);
      context.charge(Math.ceil(text.length / KIB) * pattern.length);
      return checked.regex.test(text);
    },
  },
});

export function closestFunctionName(name: string): string | undefined {
  return closestName(name, Object.keys(EXPRESSION_FUNCTIONS));
}
