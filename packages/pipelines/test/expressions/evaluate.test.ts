import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionError, tryCompileExpression } from '../../src/expressions/index.ts';

const row = { time: 1_700_000_000_000, machine: 'Oven2', ZoneTemperature1: 231.5, count: 4, 'odd name': 'x', missing: null, running: true };
const params = { threshold: 230, line: 'Line1' };
const vars = new Map<string, string | number | boolean | null>([['shift', 'A']]);
const evaluate = (source: string) => compileExpression(source).evaluate({ row, params, vars });

describe('expression evaluation', () => {
  it('reads columns, quoted columns, params and vars', () => {
    expect(evaluate('ZoneTemperature1')).toBe(231.5);
    expect(evaluate('row["odd name"]')).toBe('x');
    expect(evaluate('row.machine')).toBe('Oven2');
    expect(evaluate('params.threshold')).toBe(230);
    expect(evaluate('vars.shift')).toBe('A');
    expect(evaluate('nosuchcolumn')).toBeNull();
    expect(evaluate('params.nosuch')).toBeNull();
  });

  it('does arithmetic with precedence, null propagation and no infinities', () => {
    expect(evaluate('1 + 2 * 3 - 4 / 2')).toBe(5);
    expect(evaluate('(1 + 2) * 3 % 4')).toBe(1);
    expect(evaluate('-count + +2')).toBe(-2);
    expect(evaluate('missing + 1')).toBeNull();
    expect(evaluate('1 / 0')).toBeNull();
    expect(evaluate('machine + "-" + count')).toBe('Oven2-4');
    expect(evaluate('1.5e2 + .5')).toBe(150.5);
  });

  it('compares, combines and branches', () => {
    expect(evaluate('ZoneTemperature1 > params.threshold and machine == "Oven2"')).toBe(true);
    expect(evaluate('not running or count >= 5')).toBe(false);
    expect(evaluate('!running || count != 4')).toBe(false);
    expect(evaluate('missing > 3')).toBe(false);
    expect(evaluate('count > 3 ? "high" : count > 1 ? "mid" : "low"')).toBe('high');
    expect(evaluate('machine in ["Oven1", "Oven2"]')).toBe(true);
    expect(evaluate('count not in [1, 2, 3]')).toBe(true);
    expect(evaluate('missing == null')).toBe(true);
  });

  it('calls the whitelisted functions', () => {
    expect(evaluate('round(ZoneTemperature1 / 3, 2)')).toBe(77.17);
    expect(evaluate('max(1, count, missing, 3)')).toBe(4);
    expect(evaluate('min(missing)')).toBeNull();
    expect(evaluate('abs(-2) + floor(1.7) + ceil(1.2) + sqrt(9) + pow(2, 3)')).toBe(16);
    expect(evaluate('round(log(100, 10), 6)')).toBe(2);
    expect(evaluate('len(machine) + len([1, 2])')).toBe(7);
    expect(evaluate('upper(machine) + lower("AB") + trim("  c ")')).toBe('OVEN2abc');
    expect(evaluate('contains(machine, "ven") and startsWith(machine, "Ov") and endsWith(machine, "2")')).toBe(true);
    expect(evaluate('substr(machine, 1, 3)')).toBe('ven');
    expect(evaluate('concat(machine, ":", missing, count)')).toBe('Oven2:4');
    expect(evaluate('coalesce(missing, params.line)')).toBe('Line1');
    expect(evaluate('isNull(missing)')).toBe(true);
    expect(evaluate('number("12.5") + number("x") ')).toBeNull();
    expect(evaluate('number("12.5")')).toBe(12.5);
    expect(evaluate('string(count)')).toBe('4');
    expect(evaluate('toTime("2023-11-14T22:13:20Z")')).toBe(1_700_000_000_000);
    expect(evaluate('formatTime(time)')).toBe('2023-11-14T22:13:20.000Z');
    expect(evaluate('matches(machine, "^Oven[0-9]+$")')).toBe(true);
  });

  it('compiles once and evaluates many rows, listing the names it reads', () => {
    const expression = compileExpression('temp > params.limit and vars.on and machine in ["a"]');
    expect(expression.references).toEqual({ columns: ['temp', 'machine'], params: ['limit'], vars: ['on'] });
    const results = [10, 20, 30].map((temp) => expression.evaluate({ row: { temp, machine: 'a' }, params: { limit: 15 }, vars: new Map([['on', true]]) }));
    expect(results).toEqual([false, true, true]);
  });

  it('reports errors with their position', () => {
    const failure = tryCompileExpression('count + ) 1');
    expect(failure.ok).toBe(false);
    if (failure.ok) return;
    expect(failure.error.position).toBe(8);
    expect(failure.error.excerpt()).toContain('^');
    expect(() => evaluate('machine * 2')).toThrow(/takes numbers, not a string and a number \(at 9\)/);
    expect(() => evaluate('machine > 2')).toThrow(ExpressionError);
    expect(() => compileExpression('sqr(4)')).toThrow(/unknown function sqr; did you mean sqrt\?/);
    expect(() => compileExpression('round()')).toThrow(/round takes 1 to 2 arguments/);
    expect(() => compileExpression('"unterminated')).toThrow(/unterminated string/);
    expect(() => compileExpression('params')).toThrow(/namespace/);
    expect(() => compileExpression('a ? b')).toThrow(/expected ":"/);
    expect(() => compileExpression('')).toThrow(/empty/);
    expect(() => compileExpression('a = 1')).toThrow(/unexpected character "="/);
  });
});
