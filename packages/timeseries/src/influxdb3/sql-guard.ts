import { FacilFlowError } from '@facilflow/contracts';
import type { QueryParam } from '../time-series-store.ts';
import { deniedFunctionMessage, deniedFunctionReason, leadingKeyword, refusedStatementMessage } from '../sql/sql-policy.ts';

/**
 * The read-only guard for tenant SQL on InfluxDB 3 (DataFusion). No DataFusion parser
 * runs in this process, so the guard is a conservative tokenizer: it refuses whatever it
 * cannot read with certainty (block comments, escape strings, dollar quoting, backticks)
 * so that its view of the text can never drift from the server's, then requires a single
 * statement starting with SELECT or WITH and refuses every statement keyword, denied
 * function and file/URL table reference in it. A column literally named like a keyword
 * must be double-quoted. Isolation itself comes from the server: each query names the
 * tenant's own database.
 */

type TokenKind = 'word' | 'identifier' | 'string' | 'number' | 'parameter' | 'punctuation';

interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
  /** The character right before the token was not whitespace (E'x', U&'x'). */
  attached: boolean;
}

export interface GuardedInfluxQuery {
  sql: string;
  /** What goes to the server as query parameters. */
  params: Record<string, string | number | boolean>;
}

/** Bare words that only appear in statements other than SELECT. */
const STATEMENT_KEYWORDS = new Set([
  'insert', 'update', 'delete', 'merge', 'upsert', 'create', 'drop', 'alter', 'truncate', 'copy', 'set', 'reset', 'show',
  'describe', 'explain', 'analyze', 'prepare', 'execute', 'deallocate', 'attach', 'detach', 'install', 'load', 'export',
  'import', 'call', 'pragma', 'grant', 'revoke', 'begin', 'commit', 'rollback', 'vacuum', 'use', 'external', 'into',
]);
const INFORMATION_SCHEMA_VIEWS = new Set(['tables', 'columns']);
const FILE_LIKE = /:\/\/|[/\\]|\.[A-Za-z0-9]{1,8}$/;

/** Checks the SQL and returns it wrapped with `LIMIT maxRows + 1` (the extra row says "truncated"). */
export function guardInfluxQuery(sql: string, maxRows: number, params: Record<string, QueryParam> = {}): GuardedInfluxQuery {
  const statement = sql.trim().replace(/[;\s]+$/, '');
  if (statement === '') throw new FacilFlowError('INVALID', 'The query is empty');
  const tokens = tokenize(statement);
  const first = tokens.find((token) => token.text !== '(');
  if (first?.kind !== 'word' || !['select', 'with'].includes(first.text.toLowerCase())) {
    throw new FacilFlowError('INVALID', refusedStatementMessage(leadingKeyword(statement)));
  }
  let depth = 0;
  tokens.forEach((token, i) => {
    const previous = tokens[i - 1];
    const next = tokens[i + 1];
    if (token.text === ';') throw new FacilFlowError('INVALID', 'Only a single statement is allowed: remove the semicolons between statements');
    if (token.text === '(') depth++;
    if (token.text === ')' && --depth < 0) throw new FacilFlowError('INVALID', 'Syntax error: unbalanced parentheses');
    if (token.kind === 'word') checkWord(token, next);
    if (token.kind === 'string') checkString(token, previous);
    if (token.text === '.' && previous && next) checkQualifiedName(tokens, i);
  });
  if (depth !== 0) throw new FacilFlowError('INVALID', 'Syntax error: unbalanced parentheses');
  const bound = bindParameters(statement, tokens, params);
  return { sql: `SELECT * FROM (\n${bound.sql}\n) AS ff_result LIMIT ${maxRows + 1}`, params: bound.params };
}

/**
 * The InfluxDB client drops parameters whose value is falsy (0, false, '') and has no
 * null, so those few are written into the SQL as literals; they are generated from the
 * typed value, never from caller text. Every other value travels as a real parameter.
 */
function bindParameters(sql: string, tokens: Token[], params: Record<string, QueryParam>): GuardedInfluxQuery {
  const sent: Record<string, string | number | boolean> = {};
  let bound = '';
  let copied = 0;
  for (const token of tokens) {
    if (token.kind !== 'parameter') continue;
    const name = token.text.slice(1);
    if (!Object.hasOwn(params, name)) throw new FacilFlowError('INVALID', `Query parameter $${name} has no value`);
    const value = params[name];
    if (typeof value === 'number' && !Number.isFinite(value)) throw new FacilFlowError('INVALID', `Query parameter $${name} is not a finite number`);
    const literal = value === null || value === undefined ? 'NULL' : value === 0 ? '0' : value === false ? 'false' : value === '' ? "''" : undefined;
    if (literal === undefined) {
      sent[name] = value as string | number | boolean;
      continue;
    }
    bound += sql.slice(copied, token.start) + literal;
    copied = token.end;
  }
  return { sql: bound + sql.slice(copied), params: sent };
}

function checkWord(token: Token, next: Token | undefined): void {
  const lower = token.text.toLowerCase();
  if (STATEMENT_KEYWORDS.has(lower)) {
    throw new FacilFlowError('INVALID', `${refusedStatementMessage(token.text)} (a column named ${token.text} must be written "${token.text}")`);
  }
  if (next?.text === '(') {
    const reason = deniedFunctionReason(lower);
    if (reason) throw new FacilFlowError('INVALID', deniedFunctionMessage(token.text, reason));
  }
  if (next?.kind === 'string' && next.attached && ['e', 'u'].includes(lower)) {
    throw new FacilFlowError('INVALID', `${token.text}'...' escape strings are not allowed: write a plain '...' string`);
  }
}

function checkString(token: Token, previous: Token | undefined): void {
  const keyword = previous?.kind === 'word' ? previous.text.toLowerCase() : '';
  if (keyword === 'from' || keyword === 'join' || (previous?.text === ',' && FILE_LIKE.test(token.text))) {
    throw new FacilFlowError('INVALID', `FROM '${token.text}' is not allowed: queries cannot read files or URLs`);
  }
}

/** `a.b.c` could name another database; `system.*` and most of `information_schema.*` expose the server. */
function checkQualifiedName(tokens: Token[], dot: number): void {
  const part = (i: number): string | undefined => {
    const token = tokens[i];
    if (token?.kind === 'word') return token.text.toLowerCase();
    return token?.kind === 'identifier' ? token.text : undefined;
  };
  const left = part(dot - 1);
  const right = part(dot + 1);
  if (left === undefined || right === undefined) return;
  if (tokens[dot + 2]?.text === '.' && part(dot + 3) !== undefined) {
    throw new FacilFlowError('INVALID', 'Three-part names (database.schema.table) are not allowed: a query reads only this tenant\'s database');
  }
  if (left === 'system') throw new FacilFlowError('INVALID', `system.${right} is not allowed: system tables describe the server, not the tenant's data`);
  if (left === 'information_schema' && !INFORMATION_SCHEMA_VIEWS.has(right)) {
    throw new FacilFlowError('INVALID', `information_schema.${right} is not allowed: only information_schema.tables and information_schema.columns are`);
  }
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const char = sql[i]!;
    const attached = i > 0 && !/\s/.test(sql[i - 1]!);
    if (/\s/.test(char)) {
      i++;
    } else if (char === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (char === '/' && sql[i + 1] === '*') {
      throw new FacilFlowError('INVALID', 'Block comments (/* */) are not allowed: use -- comments');
    } else if (char === "'") {
      const [text, end] = quoted(sql, i, "'");
      if (/\\$/.test(text) || text.includes("\\'")) {
        throw new FacilFlowError('INVALID', "A backslash before a quote is not allowed in strings: write '' for a quote");
      }
      tokens.push({ kind: 'string', text, start: i, end, attached });
      i = end;
    } else if (char === '"') {
      const [text, end] = quoted(sql, i, '"');
      tokens.push({ kind: 'identifier', text, start: i, end, attached });
      i = end;
    } else if (char === '`') {
      throw new FacilFlowError('INVALID', 'Backtick-quoted names are not allowed: use double quotes');
    } else if (char === '$') {
      const match = /^\$[A-Za-z0-9_]+/.exec(sql.slice(i));
      if (!match || sql[i + match[0].length] === '$') {
        throw new FacilFlowError('INVALID', 'Dollar-quoted strings are not allowed: use $name only for query parameters');
      }
      tokens.push({ kind: 'parameter', text: match[0], start: i, end: i + match[0].length, attached });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i))!;
      tokens.push({ kind: 'word', text: match[0], start: i, end: i + match[0].length, attached });
      i += match[0].length;
    } else if (/[0-9]/.test(char)) {
      const match = /^[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?/.exec(sql.slice(i))!;
      tokens.push({ kind: 'number', text: match[0], start: i, end: i + match[0].length, attached });
      i += match[0].length;
    } else {
      tokens.push({ kind: 'punctuation', text: char, start: i, end: i + 1, attached });
      i++;
    }
  }
  return tokens;
}

/** Reads a quoted run where a doubled quote stands for one; returns the content and the index after it. */
function quoted(sql: string, start: number, quote: string): [string, number] {
  let text = '';
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return [text, i + 1];
      text += quote;
      i += 2;
    } else {
      text += sql[i];
      i++;
    }
  }
  throw new FacilFlowError('INVALID', `Syntax error: unterminated ${quote === "'" ? 'string' : 'quoted name'}`);
}
