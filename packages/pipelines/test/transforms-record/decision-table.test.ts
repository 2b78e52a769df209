import { describe, expect, it } from 'vitest';
import { parseInputEntry } from '../../src/components/transforms/record/decision-table/input-entry.ts';
import { decisionTableComponent } from '../../src/components/transforms/record/decision-table.ts';
import { runBatch, runStream, stageFor } from './stage-context.ts';

const entry = (text: string) => {
  const parsed = parseInputEntry(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.test;
};

describe('decision-table input entries', () => {
  it('reads any, values, comparisons, ranges, lists and negation', () => {
    expect(entry('-')(null)).toBe(true);
    expect(entry('5')(5)).toBe(true);
    expect(entry('"Oven2"')('Oven2')).toBe(true);
    expect(entry('"Oven2"')('Oven3')).toBe(false);
    expect(entry('true')(true)).toBe(true);
    expect(entry('null')(null)).toBe(true);
    expect([4, 5, 6].map(entry('> 5'))).toEqual([false, false, true]);
    expect([4, 5, 6].map(entry('<= 5'))).toEqual([true, true, false]);
    expect([4, 5].map(entry('!= 5'))).toEqual([true, false]);
    expect([9, 10, 19.9, 20].map(entry('[10..20)'))).toEqual([false, true, true, false]);
    expect([10, 20].map(entry(']10..20]'))).toEqual([false, true]);
    expect([10, 15, 20].map(entry('(10..20)'))).toEqual([false, true, false]);
    expect(['a', 'b', 'c'].map(entry('"a", "c"'))).toEqual([true, false, true]);
    expect([1, 6, 9].map(entry('1, [5..7]'))).toEqual([true, true, false]);
    expect(['a', 'b'].map(entry('not("a")'))).toEqual([false, true]);
    expect(entry('"x, y"')('x, y')).toBe(true);
    expect(entry('> 5')(null)).toBe(false);
    expect(entry('> 5')('9')).toBe(false);
  });

  it('refuses entries that are not unary tests, saying why', () => {
    for (const [text, reason] of [
      ['Oven2', /is not a value/],
      ['[20..10]', /ends below where it starts/],
      ['[1.."b"]', /two numbers or two strings/],
      ['"open', /not closed/],
      ['1,,2', /empty item/],
      ['> true', /compares with a number or a string/],
    ] as const) {
      const parsed = parseInputEntry(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toMatch(reason);
    }
  });
});

const ovenTable = {
  inputs: [{ expression: 'temp' }, { expression: 'door' }],
  outputs: [{ name: 'state', priority: ['overheat', 'door_open', 'baking', 'idle'] }, { name: 'score' }],
  rules: [
    { when: ['> 250', '-'], then: ['overheat', 10], description: 'too hot' },
    { when: ['-', 'true'], then: ['door_open', 5] },
    { when: ['[180..250]', 'false'], then: ['baking', 1] },
    { when: ['< 180', '-'], then: ['idle', 0] },
  ],
};
const rows = [
  { id: 1, temp: 260, door: false },
  { id: 2, temp: 200, door: true },
  { id: 3, temp: 200, door: false },
  { id: 4, temp: 100, door: false },
  { id: 5, temp: 260, door: true },
  { id: 6, temp: null, door: false },
];
const decide = async (config: Record<string, unknown>, input = rows) => (await runBatch(decisionTableComponent, stageFor(decisionTableComponent, { ...ovenTable, ...config }), input)).rows;

describe('transform.decision-table', () => {
  it('FIRST takes the first matching rule and gives null outputs when none match', async () => {
    const output = await decide({ hitPolicy: 'FIRST' });
    expect(output.map((row) => [row.id, row.state, row.score])).toEqual([
      [1, 'overheat', 10],
      [2, 'door_open', 5],
      [3, 'baking', 1],
      [4, 'idle', 0],
      [5, 'overheat', 10],
      [6, null, null],
    ]);
    expect(output[0]).toMatchObject(rows[0]!);
  });

  it('drops unmatched rows when asked', async () => {
    expect((await decide({ hitPolicy: 'FIRST', noMatch: 'drop' })).map((row) => row.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('UNIQUE fails naming the rules that overlap', async () => {
    expect((await decide({}, rows.slice(0, 4))).map((row) => row.state)).toEqual(['overheat', 'door_open', 'baking', 'idle']);
    await expect(decide({})).rejects.toThrow('row 5: hit policy UNIQUE allows one matching rule, but rule 1 (too hot), rule 2 match');
  });

  it('PRIORITY picks the match whose output ranks highest, whatever the rule order', async () => {
    const reversed = { ...ovenTable, rules: [...ovenTable.rules].reverse() };
    const output = await decide({ ...reversed, hitPolicy: 'PRIORITY' });
    expect(output.map((row) => row.state)).toEqual(['overheat', 'door_open', 'baking', 'idle', 'overheat', null]);
  });

  it('ANY accepts agreeing matches and fails naming disagreeing ones', async () => {
    const agreeing = {
      inputs: [{ expression: 'temp' }],
      outputs: [{ name: 'hot' }],
      rules: [
        { when: ['> 200'], then: [true] },
        { when: ['> 250'], then: [true] },
        { when: ['<= 200'], then: [false] },
      ],
      hitPolicy: 'ANY',
    };
    expect((await decide(agreeing, rows.slice(0, 4))).map((row) => row.hot)).toEqual([true, false, false, false]);
    const disagreeing = { ...agreeing, rules: [...agreeing.rules, { when: ['> 255'], then: [false], description: 'odd' }] };
    await expect(decide(disagreeing)).rejects.toThrow('row 1: hit policy ANY needs matching rules to agree, but rule 1, rule 4 (odd) give different outputs');
  });

  it('COLLECT gives a row per match, or one aggregated row', async () => {
    const collect = await decide({ hitPolicy: 'COLLECT' }, [rows[4]!]);
    expect(collect.map((row) => row.state)).toEqual(['overheat', 'door_open']);
    const aggregated = async (aggregation: string) => (await decide({ hitPolicy: 'COLLECT', aggregation, outputs: [{ name: 'score' }], rules: ovenTable.rules.map((rule) => ({ ...rule, then: [rule.then[1]] })) }, [rows[4]!, rows[5]!])).map((row) => row.score);
    expect(await aggregated('SUM')).toEqual([15, null]);
    expect(await aggregated('MIN')).toEqual([5, null]);
    expect(await aggregated('MAX')).toEqual([10, null]);
    expect(await aggregated('COUNT')).toEqual([2, 0]);
    await expect(decide({ hitPolicy: 'COLLECT', aggregation: 'SUM' }, [rows[4]!])).rejects.toThrow(/COLLECT SUM adds up numbers/);
  });

  it('runs the same in stream mode', async () => {
    const stage = stageFor(decisionTableComponent, { ...ovenTable, hitPolicy: 'FIRST' });
    expect((await runStream(decisionTableComponent, stage, rows)).rows).toEqual(await decide({ hitPolicy: 'FIRST' }));
  });

  it('reports every shape problem at once for validation, with paths', () => {
    const config = decisionTableComponent.config.parse({
      ...ovenTable,
      hitPolicy: 'PRIORITY',
      aggregation: 'SUM',
      outputs: [{ name: 'state' }, { name: 'score' }],
      rules: [
        { when: ['> 250'], then: ['overheat', 10] },
        { when: ['-', 'maybe'], then: ['x'] },
      ],
    });
    expect(decisionTableComponent.check!(config).map((issue) => [issue.path, issue.code ?? 'invalid_config'])).toEqual([
      [['rules', 0, 'when'], 'invalid_config'],
      [['rules', 1, 'then'], 'invalid_config'],
      [['rules', 1, 'when', 1], 'invalid_expression'],
      [['aggregation'], 'invalid_config'],
      [['outputs'], 'invalid_config'],
    ]);
    expect(decisionTableComponent.check!(decisionTableComponent.config.parse(ovenTable))).toEqual([]);
  });
});
