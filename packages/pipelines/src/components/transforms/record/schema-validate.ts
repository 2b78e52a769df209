import { pipelineScalarSchema, type PipelineRow, type PipelineScalar } from '@facilflow/contracts';
import { z } from 'zod';
import { checkPattern, DEFAULT_EXPRESSION_LIMITS } from '../../../expressions/index.ts';
import { defineComponent, type ConfigIssue, type StageContext, type StageOutput } from '../../component.ts';
import { columnNameSchema } from './expression-config.ts';
import { singleInput, statelessOperator } from './stateless-operator.ts';

const columnRuleSchema = z.object({
  type: z.enum(['number', 'string', 'boolean', 'time']).describe('"time" is epoch milliseconds, as time-series rows carry it'),
  required: z.boolean().default(true).describe('The column must be present'),
  nullable: z.boolean().default(false).describe('null is accepted'),
  min: z.number().optional().describe('Smallest number, or shortest string'),
  max: z.number().optional().describe('Largest number, or longest string'),
  pattern: z.string().min(1).max(DEFAULT_EXPRESSION_LIMITS.maxPatternLength).optional().describe('A regular expression a string must match (same safe policy as matches())'),
  values: z.array(pipelineScalarSchema).min(1).max(256).optional().describe('The only accepted values'),
});
type ColumnRule = z.output<typeof columnRuleSchema>;

const schemaValidateConfigSchema = z.object({
  columns: z
    .record(columnNameSchema, columnRuleSchema)
    .refine((columns) => Object.keys(columns).length > 0, 'declare at least one column')
    .describe('The declared columns and their rules'),
  unknownColumns: z.enum(['allow', 'drop', 'reject']).default('allow').describe('What to do with columns that are not declared'),
  reasonColumn: columnNameSchema.default('_reason').describe('The column of an invalid row that says why'),
});
type SchemaValidateConfig = z.output<typeof schemaValidateConfigSchema>;

export const INVALID_PORT = 'invalid';

function typeProblem(rule: ColumnRule, value: PipelineScalar): string | null {
  switch (rule.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'is not a finite number';
    case 'time':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? null : 'is not a time (epoch milliseconds)';
    case 'string':
      return typeof value === 'string' ? null : 'is not a string';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'is not a boolean';
  }
}

interface SafePattern {
  regex: RegExp;
  maxInputLength: number;
}

function ruleProblem(rule: ColumnRule, value: PipelineScalar, pattern: SafePattern | undefined): string | null {
  const wrongType = typeProblem(rule, value);
  if (wrongType !== null) return wrongType;
  const size = typeof value === 'string' ? value.length : typeof value === 'number' ? value : null;
  const unit = typeof value === 'string' ? ' characters' : '';
  if (size !== null && rule.min !== undefined && size < rule.min) return `is below the minimum of ${rule.min}${unit}`;
  if (size !== null && rule.max !== undefined && size > rule.max) return `is above the maximum of ${rule.max}${unit}`;
  if (pattern !== undefined && typeof value === 'string') {
    if (value.length > pattern.maxInputLength) return `is longer than the ${pattern.maxInputLength} characters a pattern is tested on`;
    if (!pattern.regex.test(value)) return `does not match ${pattern.regex.source}`;
  }
  if (rule.values !== undefined && !rule.values.includes(value)) return `is not one of ${JSON.stringify(rule.values)}`;
  return null;
}

function compilePattern(source: string): SafePattern {
  const checked = checkPattern(source, DEFAULT_EXPRESSION_LIMITS);
  if (!checked.ok) throw new Error(`pattern ${JSON.stringify(source)}: ${checked.reason}`);
  return checked;
}

function validateRows(context: StageContext<SchemaValidateConfig>): (rows: PipelineRow[]) => StageOutput {
  const { unknownColumns, reasonColumn } = context.config;
  const rules = Object.entries(context.config.columns).map(([column, rule]) => ({ column, rule, pattern: rule.pattern === undefined ? undefined : compilePattern(rule.pattern) }));
  const declared = new Set(rules.map(({ column }) => column));
  return (rows) => {
    const valid: PipelineRow[] = [];
    const invalid: PipelineRow[] = [];
    for (const row of rows) {
      const reasons: string[] = [];
      for (const { column, rule, pattern } of rules) {
        const value = Object.hasOwn(row, column) ? (row[column] as PipelineScalar) : undefined;
        if (value === undefined) {
          if (rule.required) reasons.push(`${column} is missing`);
        } else if (value === null) {
          if (!rule.nullable) reasons.push(`${column} is null`);
        } else {
          const problem = ruleProblem(rule, value, pattern);
          if (problem !== null) reasons.push(`${column} ${problem}`);
        }
      }
      const extra = Object.keys(row).filter((column) => !declared.has(column));
      if (unknownColumns === 'reject' && extra.length > 0) reasons.push(`undeclared column${extra.length > 1 ? 's' : ''} ${extra.join(', ')}`);
      if (reasons.length > 0) invalid.push({ ...row, [reasonColumn]: reasons.join('; ') });
      else valid.push(unknownColumns === 'drop' ? Object.fromEntries(Object.entries(row).filter(([column]) => declared.has(column))) : row);
    }
    return { rows: valid, ports: { [INVALID_PORT]: invalid } };
  };
}

function checkPatterns(config: SchemaValidateConfig): ConfigIssue[] {
  return Object.entries(config.columns).flatMap(([column, rule]) => {
    if (rule.pattern === undefined) return [];
    const checked = checkPattern(rule.pattern, DEFAULT_EXPRESSION_LIMITS);
    return checked.ok ? [] : [{ path: ['columns', column, 'pattern'], message: checked.reason, code: 'invalid_expression' as const }];
  });
}

export const schemaValidateComponent = defineComponent({
  name: 'transform.schema-validate',
  category: 'transform',
  title: 'Validate rows against a schema',
  description:
    'Checks each row against declared columns (type number, string, boolean or time; required, nullable, min/max, pattern, accepted values). Valid rows go to the main output; invalid ones go to the `invalid` port with every reason in a reason column, so a later stage can store or alert on them. Undeclared columns are allowed, dropped or make the row invalid.',
  config: schemaValidateConfigSchema,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows', extra: () => [INVALID_PORT] },
  modes: ['batch', 'stream'],
  examples: [
    {
      title: 'Oven readings: a time, a known oven and a plausible temperature',
      with: {
        columns: {
          time: { type: 'time' },
          machine: { type: 'string', pattern: '^Oven[0-9]+$' },
          ZoneTemperature1: { type: 'number', min: -50, max: 600, nullable: true },
        },
      },
    },
  ],
  check: checkPatterns,
  run: async (context, inputs) => validateRows(context)(singleInput(inputs)),
  stream: (context) => statelessOperator(validateRows(context)),
});
