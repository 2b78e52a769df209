import { toStorableText, unstorableTextReason, type FieldValue, type TelemetryPoint } from '@facilflow/contracts';
import { nameProblem, timeProblem, type NameRole } from '../point-check.ts';

/**
 * Line protocol → telemetry points, for ingest's second codec (Telegraf publishes line
 * protocol). Each line is parsed on its own: a bad line becomes an error with its line
 * number and the rest of the batch still goes through.
 *
 * The telemetry contract is narrower than line protocol and the parser holds lines to it:
 * names must be identifiers, numbers are doubles (an `i`/`u` integer beyond 2^53 loses
 * precision, as it would in a DOUBLE column), timestamps become epoch milliseconds.
 *
 * Nothing a line holds makes the parser throw: every failure is that line's error, and an
 * error's reason is storable text (a NUL or lone surrogate quoted from the line is escaped),
 * because it ends up in a dead letter.
 */

export type TimestampPrecision = 'ns' | 'us' | 'ms' | 's';

export interface ParseLineProtocolOptions {
  /** Precision of the timestamps in the text; Telegraf's default is nanoseconds. */
  precision?: TimestampPrecision;
  /** Time for lines without a timestamp, epoch ms; defaults to the time of parsing. */
  now?: number;
}

export interface LineProtocolParseResult {
  points: TelemetryPoint[];
  errors: Array<{ line: number; reason: string }>;
}

/** Digits to drop from a timestamp to get milliseconds (negative: digits to add). */
/** Digits of each precision finer than the microsecond the stores keep: dropped as text, never divided as a double. */
const SUB_MICRO_DIGITS: Record<TimestampPrecision, number> = { ns: 3, us: 0, ms: -3, s: -6 };
const BOOLEANS: Record<string, boolean> = { t: true, T: true, true: true, True: true, TRUE: true, f: false, F: false, false: false, False: false, FALSE: false };
const FLOAT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const INTEGER = /^[-+]?\d+i$/;
const UNSIGNED = /^\d+u$/;
const TIMESTAMP = /^-?\d+$/;

class LineError extends Error {}

export function parseLineProtocol(text: string, options: ParseLineProtocolOptions = {}): LineProtocolParseResult {
  const precision = options.precision ?? 'ns';
  const now = options.now ?? Date.now();
  const result: LineProtocolParseResult = { points: [], errors: [] };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    try {
      result.points.push(new LineParser(line, precision, now).parse());
    } catch (error) {
      const reason = error instanceof LineError ? error.message : `the line could not be read (${error instanceof Error ? error.message : String(error)})`;
      result.errors.push({ line: i + 1, reason: toStorableText(reason) });
    }
  }
  return result;
}

class LineParser {
  private position = 0;

  constructor(
    private readonly line: string,
    private readonly precision: TimestampPrecision,
    private readonly now: number,
  ) {}

  parse(): TelemetryPoint {
    const measurement = this.name('measurement', this.escaped(MEASUREMENT_END));
    const tags: Record<string, string> = {};
    while (this.peek() === ',') {
      this.position++;
      const key = this.name('tag', this.escaped(KEY_END));
      this.expect('=', `tag "${key}" has no value`);
      const value = this.escaped(TAG_VALUE_END);
      if (value === '') throw new LineError(`tag "${key}" has an empty value`);
      if (Object.hasOwn(tags, key)) throw new LineError(`tag "${key}" appears twice`);
      tags[key] = value;
    }
    this.spaces('expected a space before the fields');

    const fields: Record<string, FieldValue> = {};
    for (;;) {
      const raw = this.escaped(KEY_END);
      this.expect('=', `expected field=value, got "${raw}"`);
      const key = this.name('field', raw);
      if (Object.hasOwn(fields, key)) throw new LineError(`field "${key}" appears twice`);
      if (Object.hasOwn(tags, key)) throw new LineError(`"${key}" is both a tag and a field`);
      fields[key] = this.peek() === '"' ? this.quoted(key) : this.unquoted(key);
      if (this.peek() !== ',') break;
      this.position++;
    }

    let time = this.now;
    if (this.position < this.line.length) {
      this.spaces('expected a space before the timestamp');
      const rest = this.line.slice(this.position).trimEnd();
      if (rest !== '') time = this.timestamp(rest);
    }
    return { m: measurement, tags, f: fields, t: time };
  }

  private name(role: NameRole, name: string): string {
    const unstorable = unstorableTextReason(name);
    if (unstorable) throw new LineError(`${role} name ${unstorable}`);
    const problem = nameProblem(role, name);
    if (problem) throw new LineError(problem);
    return name;
  }

  /** Reads up to an unescaped stop character, resolving `\,` `\=` `\ ` `\\`; other backslashes are literal. */
  private escaped(stop: ReadonlySet<string>): string {
    let value = '';
    const line = this.line;
    while (this.position < line.length) {
      const char = line[this.position]!;
      if (stop.has(char)) break;
      if (char === '\\' && ESCAPABLE.has(line[this.position + 1] ?? '')) {
        value += line[this.position + 1];
        this.position += 2;
        continue;
      }
      value += char;
      this.position++;
    }
    return value;
  }

  private quoted(key: string): string {
    const line = this.line;
    let value = '';
    this.position++;
    while (this.position < line.length) {
      const char = line[this.position]!;
      if (char === '"') {
        this.position++;
        return value;
      }
      if (char === '\\' && (line[this.position + 1] === '"' || line[this.position + 1] === '\\')) {
        value += line[this.position + 1];
        this.position += 2;
        continue;
      }
      value += char;
      this.position++;
    }
    throw new LineError(`field "${key}" has an unterminated string value`);
  }

  private unquoted(key: string): FieldValue {
    const start = this.position;
    while (this.position < this.line.length && this.line[this.position] !== ',' && this.line[this.position] !== ' ') this.position++;
    const raw = this.line.slice(start, this.position);
    const boolean = BOOLEANS[raw];
    if (boolean !== undefined) return boolean;
    if (INTEGER.test(raw) || UNSIGNED.test(raw)) return Number(raw.slice(0, -1));
    if (FLOAT.test(raw)) {
      const value = Number(raw);
      if (Number.isFinite(value)) return value;
    }
    throw new LineError(raw === '' ? `field "${key}" has no value` : `field "${key}" has an invalid value: ${raw}`);
  }

  private timestamp(raw: string): number {
    if (!TIMESTAMP.test(raw)) throw new LineError(`invalid timestamp or trailing content: ${raw}`);
    const drop = SUB_MICRO_DIGITS[this.precision];
    // Nanosecond timestamps exceed 2^53; microseconds until the year 2255 do not.
    const microDigits = drop > 0 ? raw.slice(0, -drop) : raw + '0'.repeat(-drop);
    const millis = raw.startsWith('-') ? -1 : Number(microDigits === '' ? '0' : microDigits) / 1000;
    const problem = timeProblem(millis);
    if (problem) throw new LineError(problem);
    return millis;
  }

  private spaces(message: string): void {
    if (this.peek() !== ' ') throw new LineError(message);
    while (this.peek() === ' ') this.position++;
  }

  private expect(char: string, message: string): void {
    if (this.peek() !== char) throw new LineError(message);
    this.position++;
  }

  private peek(): string | undefined {
    return this.line[this.position];
  }
}

const MEASUREMENT_END: ReadonlySet<string> = new Set([',', ' ']);
const KEY_END: ReadonlySet<string> = new Set([',', '=', ' ']);
const TAG_VALUE_END: ReadonlySet<string> = new Set([',', ' ']);
const ESCAPABLE: ReadonlySet<string> = new Set([',', '=', ' ', '\\']);
