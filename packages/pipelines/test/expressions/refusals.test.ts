import { describe, expect, it } from 'vitest';
import { compileExpression, DEFAULT_EXPRESSION_LIMITS } from '../../src/expressions/index.ts';

describe('expression refusals and bounds', () => {
  it('refuses __proto__, constructor and prototype however they are written', () => {
    for (const source of ['__proto__', 'constructor', 'row.__proto__', 'row["constructor"]', 'params.constructor', 'vars["prototype"]', 'row.__defineGetter__']) {
      expect(() => compileExpression(source), source).toThrow(/is not a name an expression may read/);
    }
    expect(() => compileExpression('constructor(1)')).toThrow(/unknown function/);
    expect(() => compileExpression('toString(1)')).toThrow(/unknown function/);
  });

  it('reads own data properties only, never inherited or accessor ones', () => {
    const inherited = Object.create({ secret: 'from the prototype' }) as Record<string, string>;
    expect(compileExpression('secret').evaluate({ row: inherited })).toBeNull();
    expect(compileExpression('hasOwnProperty').evaluate({ row: {} })).toBeNull();
    const accessor = Object.defineProperty({}, 'computed', { get: () => 'ran a getter', enumerable: true }) as Record<string, string>;
    expect(compileExpression('computed').evaluate({ row: accessor })).toBeNull();
  });

  it('bounds the source length', () => {
    const source = '1+'.repeat(DEFAULT_EXPRESSION_LIMITS.maxSourceLength) + '1';
    expect(() => compileExpression(source)).toThrow(/characters, more than the 4096 allowed/);
  });

  it('bounds deep nesting of parentheses, unary operators and calls', () => {
    expect(() => compileExpression('('.repeat(200) + '1' + ')'.repeat(200))).toThrow(/nests deeper than 48 levels/);
    expect(() => compileExpression('-'.repeat(200) + '1')).toThrow(/nests deeper/);
    expect(() => compileExpression('abs('.repeat(100) + '1' + ')'.repeat(100))).toThrow(/nests deeper/);
    expect(() => compileExpression('not '.repeat(100) + 'true')).toThrow(/nests deeper/);
    expect(compileExpression('('.repeat(20) + '1' + ')'.repeat(20)).evaluate({ row: {} })).toBe(1);
  });

  it('bounds the size of the tree', () => {
    const wide = Array.from({ length: 1200 }, () => 'a').join(' + ');
    expect(() => compileExpression(wide, { maxSourceLength: 10_000 })).toThrow(/more than 1000 parts/);
  });

  it('bounds evaluation steps: there are no loops, but a huge expression stops at the budget', () => {
    const source = Array.from({ length: 400 }, (_, index) => `x * ${index}`).join(' + ');
    const expression = compileExpression(source, { maxSteps: 500, maxSourceLength: 10_000, maxNodes: 2000 });
    expect(() => expression.evaluate({ row: { x: 1 } })).toThrow(/more than 500 steps/);
    const withDefaultBudget = compileExpression(source, { maxSourceLength: 10_000, maxNodes: 2000 });
    expect(withDefaultBudget.evaluate({ row: { x: 1 } })).toBe((399 * 400) / 2);
  });

  it('bounds the strings an evaluation builds', () => {
    const big = 'y'.repeat(40_000);
    expect(() => compileExpression('s + s').evaluate({ row: { s: big } })).toThrow(/more than the 65536 allowed/);
    expect(() => compileExpression('concat(s, s, s)').evaluate({ row: { s: big } })).toThrow(/more than the 65536 allowed/);
    expect(() => compileExpression(`"${'z'.repeat(100)}"`, { maxStringLength: 50 })).toThrow(/string literal is too long/);
    expect(() => compileExpression(`[${Array.from({ length: 300 }, () => '1').join(',')}]`)).toThrow(/at most 256 items/);
  });

  it('refuses catastrophic regexes at compile time and when built at run time', () => {
    for (const pattern of ['(a+)+$', '(a*)*b', '(a|aa)+', '(\\\\d+)*x', '(x+x+)+y', '.*a.*b.*c', '(a)\\\\1', '(?=a)a', '(?<!a)b', '[']) {
      expect(() => compileExpression(`matches(s, "${pattern}")`), pattern).toThrow(/pattern|regular expression/);
    }
    expect(() => compileExpression('matches(s, "(?:a+)+$")')).toThrow(/repeats a group/);
    expect(compileExpression('matches(s, "^(?:ab)+(?<tail>c)?$")').evaluate({ row: { s: 'ababc' } })).toBe(true);
    expect(compileExpression('matches(s, "^[a-z]+[0-9]{2,3}$")').evaluate({ row: { s: 'oven123' } })).toBe(true);
    const dynamic = compileExpression('matches(s, p)');
    expect(() => dynamic.evaluate({ row: { s: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa!', p: '(a+)+$' } })).toThrow(/repeats a group/);
    expect(dynamic.evaluate({ row: { s: 'Oven12', p: '^Oven\\d+$' } })).toBe(true);
    expect(() => compileExpression(`matches(s, "${'a'.repeat(300)}")`)).toThrow(/longer than 200 characters/);
  });

  it('bounds the text a pattern runs on, tighter for patterns that may backtrack more', () => {
    const single = compileExpression('matches(s, "^a+$")');
    expect(single.evaluate({ row: { s: 'a'.repeat(4096) } })).toBe(true);
    expect(() => single.evaluate({ row: { s: 'a'.repeat(4097) } })).toThrow(/at most 4096 characters/);
    const double = compileExpression('matches(s, ".*a.*b")');
    expect(double.evaluate({ row: { s: 'a'.repeat(256) } })).toBe(false);
    expect(() => double.evaluate({ row: { s: 'a'.repeat(257) } })).toThrow(/at most 256 characters/);
  });
});
