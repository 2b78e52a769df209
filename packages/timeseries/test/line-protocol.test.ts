import type { TelemetryPoint } from '@facilflow/contracts';
import { describe, expect, it } from 'vitest';
import { encodeLineProtocol, encodePoint, LineProtocolError, parseLineProtocol } from '../src/index.ts';

const NS = 1556813561098000000n;
const MS = 1556813561098;

describe('encodePoint', () => {
  it('writes measurement, sorted tags, fields and the timestamp', () => {
    expect(encodePoint({ m: 'oven', tags: { site: 'plant_1', machine: 'Oven2' }, f: { ZoneTemperature1: 180.5, running: true, status: 'ok' }, t: MS })).toBe(
      `oven,machine=Oven2,site=plant_1 ZoneTemperature1=180.5,running=true,status="ok" ${MS}`,
    );
  });

  it('escapes commas, equals signs, spaces and backslashes where the reference requires', () => {
    expect(
      encodePoint({
        m: 'my table,x',
        tags: { 'tag key': 'a,b=c d\\' },
        f: { 'field=key': 'say "hi" \\o/', n: 1 },
      }),
    ).toBe('my\\ table\\,x,tag\\ key=a\\,b\\=c\\ d\\\\ field\\=key="say \\"hi\\" \\\\o/",n=1');
  });

  it('writes numbers as floats, bigints as integers (i) and leaves emojis alone', () => {
    expect(encodePoint({ m: 'm', tags: { tagKey: '🍭' }, f: { a: 1, b: -1.234456e78, c: 0.1, d: 12485903n, e: -12485903n, s: 'Launch 🚀' } })).toBe(
      'm,tagKey=🍭 a=1,b=-1.234456e+78,c=0.1,d=12485903i,e=-12485903i,s="Launch 🚀"',
    );
  });

  it('drops empty tag values, which line protocol cannot carry', () => {
    expect(encodePoint({ m: 'm', tags: { a: '', b: 'x' }, f: { v: 1 }, t: 5 })).toBe('m,b=x v=1 5');
  });

  it.each([
    ['a newline in a tag value', { m: 'm', tags: { a: 'x\ny' }, f: { v: 1 } }, /newline/],
    ['a newline in a string field', { m: 'm', f: { v: 'x\r\ny' } }, /newline/],
    ['NaN', { m: 'm', f: { v: Number.NaN } }, /finite/],
    ['Infinity', { m: 'm', f: { v: Number.POSITIVE_INFINITY } }, /finite/],
    ['an integer beyond 64 bits', { m: 'm', f: { v: 2n ** 63n } }, /64-bit/],
    ['no field', { m: 'm', f: {} }, /at least one field/],
    ['an empty measurement', { m: '', f: { v: 1 } }, /empty/],
    ['a fractional timestamp', { m: 'm', f: { v: 1 }, t: 1.5 }, /integer/],
  ])('refuses %s', (_case, point, message) => {
    expect(() => encodePoint(point)).toThrow(LineProtocolError);
    expect(() => encodePoint(point)).toThrow(message);
  });

  it('joins points with newlines', () => {
    expect(encodeLineProtocol([{ m: 'a', f: { v: 1 }, t: 1 }, { m: 'b', f: { v: false }, t: 2 }])).toBe('a v=1 1\nb v=false 2');
  });
});

describe('parseLineProtocol', () => {
  it('parses the reference examples', () => {
    const { points, errors } = parseLineProtocol(
      [
        `myTable,tag1=value1,tag2=value2 fieldKey="fieldValue" ${NS}`,
        '# This is a comment',
        `myTable fieldKey="\\"string\\" within a string" ${NS}`,
        `myTable,tagKey=🍭 fieldKey="Launch 🚀" ${NS}`,
        `myTable,tagKey1=tag\\ Value1,tagKey2=tag\\,Value2 fieldKey=100 ${NS}`,
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(points).toEqual([
      { m: 'myTable', tags: { tag1: 'value1', tag2: 'value2' }, f: { fieldKey: 'fieldValue' }, t: MS },
      { m: 'myTable', tags: {}, f: { fieldKey: '"string" within a string' }, t: MS },
      { m: 'myTable', tags: { tagKey: '🍭' }, f: { fieldKey: 'Launch 🚀' }, t: MS },
      { m: 'myTable', tags: { tagKey1: 'tag Value1', tagKey2: 'tag,Value2' }, f: { fieldKey: 100 }, t: MS },
    ]);
  });

  it('reads every field type of the reference', () => {
    const { points, errors } = parseLineProtocol(
      'm f1=1.0,f2=1,f3=-1.234456e+78,i1=1i,i2=12485903i,i3=-12485903i,u1=1u,b1=t,b2=T,b3=true,b4=True,b5=TRUE,b6=f,b7=F,b8=false,b9=False,b10=FALSE 1',
      { precision: 'ms' },
    );
    expect(errors).toEqual([]);
    expect(points[0]!.f).toEqual({
      f1: 1, f2: 1, f3: -1.234456e78, i1: 1, i2: 12485903, i3: -12485903, u1: 1,
      b1: true, b2: true, b3: true, b4: true, b5: true, b6: false, b7: false, b8: false, b9: false, b10: false,
    });
  });

  it('unescapes backslashes as the reference table says', () => {
    const { points } = parseLineProtocol('m,a=x\\\\,b=x\\y,c=x\\\\\\ y s="back\\\\slash \\d" 1', { precision: 's' });
    expect(points[0]).toEqual({ m: 'm', tags: { a: 'x\\', b: 'x\\y', c: 'x\\ y' }, f: { s: 'back\\slash \\d' }, t: 1000 });
  });

  it('converts timestamps of every precision to epoch milliseconds, keeping microseconds as decimals, and stamps lines without one', () => {
    const withMicros = parseLineProtocol('m v=1 1556813561098765432').points[0]!.t;
    expect(Math.round(withMicros * 1000)).toBe(MS * 1000 + 765);
    expect(parseLineProtocol('m v=1 1556813561098765', { precision: 'us' }).points[0]!.t).toBe(withMicros);
    expect(parseLineProtocol('m v=1 1556813561098000999').points[0]!.t).toBe(MS);
    expect(parseLineProtocol(`m v=1 ${MS}`, { precision: 'ms' }).points[0]!.t).toBe(MS);
    expect(parseLineProtocol('m v=1 1556813561', { precision: 's' }).points[0]!.t).toBe(1556813561000);
    expect(parseLineProtocol('m v=1', { now: 42 }).points[0]!.t).toBe(42);
  });

  it('round-trips what the encoder writes', () => {
    const points: TelemetryPoint[] = [
      { m: 'oven', tags: { machine: 'Oven 2', site: 'a,b=c\\' }, f: { temp: 180.25, ok: true, note: 'say "hi" \\ bye, =' }, t: MS },
      { m: 'press', tags: {}, f: { force: -0.5e-9 }, t: 0 },
    ];
    expect(parseLineProtocol(encodeLineProtocol(points), { precision: 'ms' })).toEqual({ points, errors: [] });
  });

  it('reports each bad line with its number and keeps the good ones', () => {
    const text = [
      'good v=1 1', // 1
      '', // 2
      'nofields 1', // 3
      'm v= 1', // 4
      'm v="open 1', // 5
      'm v=1 12x', // 6
      'm v=1,v=2 1', // 7
      'm,t= v=1 1', // 8
      'm v=NaN 1', // 9
      'my\\ table v=1 1', // 10
      'm,time=x v=1 1', // 11
      'm v=1 -5', // 12
      'm,a=1 a=1 1', // 13
      'also_good,t=x v="y"\r', // 14
    ].join('\n');
    const { points, errors } = parseLineProtocol(text, { precision: 'ms', now: 7 });
    expect(points).toEqual([
      { m: 'good', tags: {}, f: { v: 1 }, t: 1 },
      { m: 'also_good', tags: { t: 'x' }, f: { v: 'y' }, t: 7 },
    ]);
    expect(errors.map((error) => error.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(errors.map((error) => error.reason)).toEqual([
      'expected field=value, got "1"',
      'field "v" has no value',
      'field "v" has an unterminated string value',
      'invalid timestamp or trailing content: 12x',
      'field "v" appears twice',
      'tag "t" has an empty value',
      'field "v" has an invalid value: NaN',
      'measurement name "my table" is not valid: use up to 64 letters, digits and underscores, not starting with a digit',
      'tag name "time" is reserved for the timestamp column',
      'timestamp must be a non-negative number of epoch milliseconds',
      '"a" is both a tag and a field',
    ]);
  });
});
