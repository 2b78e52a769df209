import type { ExpressionLimits } from './limits.ts';

export const MAX_UNBOUNDED_QUANTIFIERS = 2;
/** With two unbounded quantifiers a failed search costs about n³ steps, so the text is kept short. */
const TWO_QUANTIFIER_INPUT_LENGTH = 256;

export type CheckedPattern = { ok: true; regex: RegExp; maxInputLength: number } | { ok: false; reason: string };

/**
 * JavaScript regexes backtrack, so a pattern such as `(a+)+$` takes exponential time on a short
 * non-matching text, and `.*a.*b` cubic time. Patterns are therefore held to a shape that cannot
 * blow up: no quantifier applied to a group that itself repeats or branches, at most two
 * unbounded quantifiers, no back-references or lookarounds, a bounded length; and the text they
 * run on is bounded, the tighter the more they may backtrack.
 */
export function checkPattern(pattern: string, limits: ExpressionLimits): CheckedPattern {
  if (pattern.length > limits.maxPatternLength) return { ok: false, reason: `the pattern is longer than ${limits.maxPatternLength} characters` };
  if (/\\[1-9]|\\k</.test(pattern)) return { ok: false, reason: 'back-references are not allowed in patterns' };
  if (/\(\?<?[=!]/.test(pattern)) return { ok: false, reason: 'lookarounds are not allowed in patterns' };
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'u');
  } catch (error) {
    return { ok: false, reason: `the pattern is not a valid regular expression: ${(error as Error).message}` };
  }
  const scan = scanRepetition(pattern);
  if (typeof scan === 'string') return { ok: false, reason: scan };
  if (scan > MAX_UNBOUNDED_QUANTIFIERS) {
    return { ok: false, reason: `a pattern may hold at most ${MAX_UNBOUNDED_QUANTIFIERS} unbounded quantifiers (*, +, {n,}); it holds ${scan}` };
  }
  const maxInputLength = scan === MAX_UNBOUNDED_QUANTIFIERS ? Math.min(TWO_QUANTIFIER_INPUT_LENGTH, limits.maxMatchInputLength) : limits.maxMatchInputLength;
  return { ok: true, regex, maxInputLength };
}

interface GroupScan {
  /** The group holds a quantifier or an alternation, so repeating it may backtrack without end. */
  risky: boolean;
}

/** The number of unbounded quantifiers, or why the pattern's repetition is refused. */
function scanRepetition(pattern: string): number | string {
  let unboundedCount = 0;
  const groups: GroupScan[] = [{ risky: false }];
  let lastClosed: GroupScan | null = null;
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index];
    const current = groups[groups.length - 1] as GroupScan;
    if (char === '\\') {
      index += 1;
      lastClosed = null;
      continue;
    }
    if (char === '[') {
      index = skipClass(pattern, index);
      lastClosed = null;
      continue;
    }
    if (char === '(') {
      groups.push({ risky: false });
      lastClosed = null;
      // `(?:` and `(?<name>` open a group like `(` does; their `?` is no quantifier.
      if (pattern[index + 1] === '?') index = pattern[index + 2] === '<' ? pattern.indexOf('>', index) : index + 2;
      continue;
    }
    if (char === ')') {
      const closed = groups.pop() as GroupScan;
      if (closed.risky) (groups[groups.length - 1] as GroupScan).risky = true;
      lastClosed = closed;
      continue;
    }
    if (char === '|') {
      current.risky = true;
      lastClosed = null;
      continue;
    }
    if (char === '*' || char === '+' || char === '?' || (char === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(index)))) {
      if (char === '*' || char === '+' || (char === '{' && /^\{\d+,(\d{3,})?\}/.test(pattern.slice(index)))) unboundedCount += 1;
      if (lastClosed?.risky && char !== '?') {
        return 'the pattern repeats a group that itself repeats or branches, e.g. (a+)+ or (a|b)*, which can take exponential time; repeat the inner part only';
      }
      current.risky = true;
      if (char === '{') index = pattern.indexOf('}', index);
      lastClosed = null;
      continue;
    }
    lastClosed = null;
  }
  return unboundedCount;
}

function skipClass(pattern: string, start: number): number {
  for (let index = start + 1; index < pattern.length; index += 1) {
    if (pattern[index] === '\\') index += 1;
    else if (pattern[index] === ']') return index;
  }
  return pattern.length;
}
