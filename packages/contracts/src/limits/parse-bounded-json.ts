import { JSON_LIMITS, type JsonLimits } from './input-limits.ts';
import { JsonLimitError } from './json-limit-error.ts';

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const LOWER_U = 0x75;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * `JSON.parse`, refused with a JsonLimitError before parsing when the text is over a limit
 * (missing `limits` entries are the defaults in JSON_LIMITS). Malformed text throws
 * JSON.parse's SyntaxError. A `__proto__` key becomes an own property, as with JSON.parse;
 * it never changes a prototype.
 *
 * The check is one forward pass that keeps a counter per open container and never recurses,
 * so text nested millions of levels deep is refused in linear time at the first level past
 * `maxDepth`, and JSON.parse only ever sees text within the limits.
 */
export function parseBoundedJson(text: string, limits: Partial<JsonLimits> = {}): unknown {
  checkJsonTextLimits(text, { ...JSON_LIMITS, ...limits });
  return JSON.parse(text) as unknown;
}

/** The limit check of parseBoundedJson alone. Counts tokens; leaves well-formedness to JSON.parse. */
export function checkJsonTextLimits(text: string, limits: JsonLimits): void {
  // Per open container: whether it is an object, and how many elements (or keys) it has so far.
  const openIsObject: boolean[] = [];
  const openCounts: number[] = [];
  let expectKey = false;
  let nodes = 0;
  let index = 0;
  const end = text.length;
  while (index < end) {
    const code = text.charCodeAt(index);
    if (code === SPACE || code === LF || code === CR || code === TAB || code === COLON) {
      index++;
      continue;
    }
    const depth = openCounts.length;
    const inObject = depth > 0 && openIsObject[depth - 1] === true;
    if (code === COMMA) {
      expectKey = inObject;
      index++;
      continue;
    }
    if (code === CLOSE_BRACKET || code === CLOSE_BRACE) {
      openCounts.pop();
      openIsObject.pop();
      expectKey = false;
      index++;
      continue;
    }
    if (code === QUOTE && inObject && expectKey) {
      if (++openCounts[depth - 1]! > limits.maxObjectKeys) throw new JsonLimitError('maxObjectKeys', limits.maxObjectKeys);
      index = endOfString(text, index, limits.maxStringLength);
      expectKey = false;
      continue;
    }

    // Any other token starts a value.
    if (++nodes > limits.maxNodes) throw new JsonLimitError('maxNodes', limits.maxNodes);
    if (depth > 0 && !inObject && ++openCounts[depth - 1]! > limits.maxArrayLength) throw new JsonLimitError('maxArrayLength', limits.maxArrayLength);
    if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      if (depth + 1 > limits.maxDepth) throw new JsonLimitError('maxDepth', limits.maxDepth);
      openIsObject.push(code === OPEN_BRACE);
      openCounts.push(0);
      expectKey = code === OPEN_BRACE;
      index++;
    } else if (code === QUOTE) {
      index = endOfString(text, index, limits.maxStringLength);
    } else {
      index++;
      while (index < end && !endsLiteral(text.charCodeAt(index))) index++;
    }
  }
}

/** The index after the string opening at `start`, refusing one longer than `maxLength` once unescaped. */
function endOfString(text: string, start: number, maxLength: number): number {
  let index = start + 1;
  let length = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) return index + 1;
    // A `\uXXXX` escape is one code unit; any other escape (`\"` included) is two characters.
    index += code !== BACKSLASH ? 1 : text.charCodeAt(index + 1) === LOWER_U && isHex4(text, index + 2) ? 6 : 2;
    if (++length > maxLength) throw new JsonLimitError('maxStringLength', maxLength);
  }
  return index;
}

function isHex4(text: string, start: number): boolean {
  return /^[0-9a-fA-F]{4}$/.test(text.slice(start, start + 4));
}

function endsLiteral(code: number): boolean {
  return (
    code === SPACE || code === LF || code === CR || code === TAB || code === COMMA || code === COLON ||
    code === CLOSE_BRACKET || code === CLOSE_BRACE || code === OPEN_BRACKET || code === OPEN_BRACE || code === QUOTE
  );
}
