import type { PipelineScalar } from '@facilflow/contracts';

export const HIT_POLICIES = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT'] as const;
export type HitPolicy = (typeof HIT_POLICIES)[number];
export const AGGREGATIONS = ['SUM', 'MIN', 'MAX', 'COUNT'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export interface MatchedRule {
  /** Zero-based position in the table. */
  index: number;
  label: string;
  outputs: readonly PipelineScalar[];
}

export interface HitPolicyOptions {
  policy: HitPolicy;
  aggregation?: Aggregation;
  /** Per output, its values from most to least important (PRIORITY); undefined when it does not rank. */
  priorities: readonly (readonly PipelineScalar[] | undefined)[];
  outputCount: number;
}

/** A table's answer for one row: no outputs (no rule matched) or one or more output tuples. */
export type HitResult = readonly (readonly PipelineScalar[])[];

export class HitPolicyViolation extends Error {}

const describeRules = (rules: readonly MatchedRule[]): string => rules.map((rule) => rule.label).join(', ');
const sameOutputs = (left: readonly PipelineScalar[], right: readonly PipelineScalar[]): boolean => left.every((value, index) => value === right[index]);

export function applyHitPolicy(matches: readonly MatchedRule[], options: HitPolicyOptions): HitResult {
  switch (options.policy) {
    case 'UNIQUE':
      if (matches.length > 1) throw new HitPolicyViolation(`hit policy UNIQUE allows one matching rule, but ${describeRules(matches)} match`);
      return matches.map((rule) => rule.outputs);
    case 'FIRST':
      return matches.slice(0, 1).map((rule) => rule.outputs);
    case 'ANY': {
      const first = matches[0];
      if (first === undefined) return [];
      const differing = matches.filter((rule) => !sameOutputs(rule.outputs, first.outputs));
      if (differing.length > 0) throw new HitPolicyViolation(`hit policy ANY needs matching rules to agree, but ${describeRules([first, ...differing])} give different outputs`);
      return [first.outputs];
    }
    case 'PRIORITY': {
      const best = matches.reduce<MatchedRule | undefined>((winner, rule) => (winner === undefined || compareRank(rule, winner, options) < 0 ? rule : winner), undefined);
      return best === undefined ? [] : [best.outputs];
    }
    case 'COLLECT':
      return options.aggregation === undefined ? matches.map((rule) => rule.outputs) : [aggregate(matches, options.aggregation, options.outputCount)];
  }
}

/** Negative when `rule` outranks `other`: output by output, the earlier value in its priority list wins. */
function compareRank(rule: MatchedRule, other: MatchedRule, options: HitPolicyOptions): number {
  for (const [output, priority] of options.priorities.entries()) {
    if (priority === undefined) continue;
    const rank = (value: PipelineScalar | undefined): number => {
      const position = priority.indexOf(value ?? null);
      return position === -1 ? priority.length : position;
    };
    const difference = rank(rule.outputs[output]) - rank(other.outputs[output]);
    if (difference !== 0) return difference;
  }
  return 0;
}

function aggregate(matches: readonly MatchedRule[], aggregation: Aggregation, outputCount: number): PipelineScalar[] {
  return Array.from({ length: outputCount }, (_, output) => {
    if (aggregation === 'COUNT') return matches.length;
    const values = matches.map((rule) => rule.outputs[output] ?? null).filter((value) => value !== null);
    const wrong = values.find((value) => typeof value !== 'number');
    if (wrong !== undefined) throw new HitPolicyViolation(`COLLECT ${aggregation} adds up numbers, but an output is ${JSON.stringify(wrong)}`);
    const numbers = values as number[];
    if (numbers.length === 0) return null;
    if (aggregation === 'SUM') return numbers.reduce((sum, value) => sum + value, 0);
    return aggregation === 'MIN' ? Math.min(...numbers) : Math.max(...numbers);
  });
}
