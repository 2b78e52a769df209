import type { PipelineScalar } from '@facilflow/contracts';

/**
 * A decision-table input entry, DMN's "unary tests": `-` (any value), a value (`5`, `"Oven2"`,
 * `true`, `null`), a comparison (`> 5`, `<= "m"`, `!= 0`), a range (`[10..20)`, `]0..1]`), a
 * comma-separated list of those (any may match), or `not(...)` of a list.
 */
export type InputEntry = (value: PipelineScalar) => boolean;

export type ParsedEntry = { ok: true; test: InputEntry } | { ok: false; reason: string };

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const RANGE = /^([[(\]])\s*(.+?)\s*\.\.\s*(.+?)\s*([\])[])$/;
const COMPARISON = /^(<=|>=|!=|<|>|=)\s*(.+)$/;

class EntryError extends Error {}

export function parseInputEntry(text: string): ParsedEntry {
  const trimmed = text.trim();
  if (trimmed === '-' || trimmed === '') return { ok: true, test: () => true };
  try {
    const negated = /^not\s*\((.*)\)$/s.exec(trimmed);
    if (negated !== null) {
      const inner = parseList(negated[1] ?? '');
      return { ok: true, test: (value) => !inner(value) };
    }
    return { ok: true, test: parseList(trimmed) };
  } catch (error) {
    if (error instanceof EntryError) return { ok: false, reason: error.message };
    throw error;
  }
}

function parseList(text: string): InputEntry {
  const tests = splitTopLevel(text).map(parseTest);
  return (value) => tests.some((test) => test(value));
}

/** Splits on commas outside double-quoted strings. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (quoted && char === '\\') {
      current += char + (text[index + 1] ?? '');
      index += 1;
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (quoted) throw new EntryError('a string is not closed');
  parts.push(current.trim());
  if (parts.some((part) => part === '')) throw new EntryError('a list has an empty item');
  return parts;
}

function parseTest(text: string): InputEntry {
  const range = RANGE.exec(text);
  if (range !== null) return rangeTest(range, text);
  const comparison = COMPARISON.exec(text);
  if (comparison !== null) return comparisonTest(comparison[1] as string, parseValue(comparison[2] as string));
  const expected = parseValue(text);
  return (value) => value === expected;
}

function rangeTest(match: RegExpExecArray, text: string): InputEntry {
  const low = parseValue(match[2] as string);
  const high = parseValue(match[3] as string);
  if (low === null || high === null || typeof low === 'boolean' || typeof high === 'boolean' || typeof low !== typeof high) {
    throw new EntryError(`the range ${text} needs two numbers or two strings`);
  }
  if (low > high) throw new EntryError(`the range ${text} ends below where it starts`);
  const includeLow = match[1] === '[';
  const includeHigh = match[4] === ']';
  return (value) =>
    value !== null &&
    typeof value === typeof low &&
    (includeLow ? value >= low : value > low) &&
    (includeHigh ? value <= high : value < high);
}

function comparisonTest(operator: string, operand: PipelineScalar): InputEntry {
  if (operator === '=') return (value) => value === operand;
  if (operator === '!=') return (value) => value !== operand;
  if (operand === null || typeof operand === 'boolean') throw new EntryError(`${operator} compares with a number or a string`);
  return (value) => {
    if (value === null || typeof value !== typeof operand) return false;
    if (operator === '<') return value < operand;
    if (operator === '<=') return value <= operand;
    if (operator === '>') return value > operand;
    return value >= operand;
  };
}

function parseValue(text: string): PipelineScalar {
  const trimmed = text.trim();
  if (NUMBER.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  if (trimmed === 'null') return null;
  if (trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2) {
    try {
      return JSON.parse(trimmed) as string;
    } catch {
      throw new EntryError(`${trimmed} is not a well-formed string`);
    }
  }
  throw new EntryError(`${JSON.stringify(trimmed)} is not a value: write a number, a "quoted string", true, false or null`);
}
