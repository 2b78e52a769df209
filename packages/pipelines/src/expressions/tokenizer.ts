import { ExpressionError } from './expression-error.ts';

export type TokenType = 'number' | 'string' | 'identifier' | 'keyword' | 'punct' | 'end';

export interface Token {
  type: TokenType;
  /** The number's value, the string's decoded text, or the identifier, keyword or punctuation. */
  text: string;
  value?: number;
  position: number;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null']);
// Longest first, so `<=` is not read as `<` then `=`.
const PUNCTUATION = ['==', '!=', '<=', '>=', '&&', '||', '(', ')', '[', ']', ',', '.', '?', ':', '+', '-', '*', '/', '%', '<', '>', '!'];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

const isDigit = (char: string | undefined): boolean => char !== undefined && char >= '0' && char <= '9';
const isIdentifierStart = (char: string | undefined): boolean => char !== undefined && /[A-Za-z_]/.test(char);
const isIdentifierPart = (char: string | undefined): boolean => char !== undefined && /[A-Za-z0-9_]/.test(char);

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index];
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      index += 1;
      continue;
    }
    const start = index;
    if (isDigit(char) || (char === '.' && isDigit(source[index + 1]))) {
      index = readNumber(source, index, tokens);
      continue;
    }
    if (char === '"' || char === "'") {
      index = readString(source, index, tokens);
      continue;
    }
    if (isIdentifierStart(char)) {
      while (isIdentifierPart(source[index])) index += 1;
      const text = source.slice(start, index);
      tokens.push({ type: KEYWORDS.has(text) ? 'keyword' : 'identifier', text, position: start });
      continue;
    }
    const punct = PUNCTUATION.find((candidate) => source.startsWith(candidate, index));
    if (punct === undefined) throw new ExpressionError(`unexpected character ${JSON.stringify(char)}`, start, source);
    tokens.push({ type: 'punct', text: punct, position: start });
    index += punct.length;
  }
  tokens.push({ type: 'end', text: '', position: source.length });
  return tokens;
}

function readNumber(source: string, start: number, tokens: Token[]): number {
  const match = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(source.slice(start));
  const text = match?.[0] ?? '';
  const value = Number(text);
  if (!Number.isFinite(value)) throw new ExpressionError(`number ${text} is out of range`, start, source);
  if (isIdentifierStart(source[start + text.length])) throw new ExpressionError('a number runs into a name', start + text.length, source);
  tokens.push({ type: 'number', text, value, position: start });
  return start + text.length;
}

function readString(source: string, start: number, tokens: Token[]): number {
  const quote = source[start];
  let text = '';
  let index = start + 1;
  while (index < source.length && source[index] !== quote) {
    const char = source[index] as string;
    if (char !== '\\') {
      text += char;
      index += 1;
      continue;
    }
    const next = source[index + 1];
    if (next === 'u') {
      const hex = source.slice(index + 2, index + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new ExpressionError('\\u takes four hex digits', index, source);
      text += String.fromCharCode(parseInt(hex, 16));
      index += 6;
      continue;
    }
    const escaped = next === undefined ? undefined : ESCAPES[next];
    if (escaped === undefined) throw new ExpressionError(`unknown escape \\${next ?? ''}`, index, source);
    text += escaped;
    index += 2;
  }
  if (index >= source.length) throw new ExpressionError('unterminated string', start, source);
  tokens.push({ type: 'string', text, position: start });
  return index + 1;
}
