import { STEP_SAMPLE_ROWS, type PipelineRow } from '@facilflow/contracts';
import { z } from 'zod';
import { defineComponent, type StageContext, type StageOutput } from '../../component.ts';
import { singleInput, statelessOperator } from './stateless-operator.ts';

const loggerConfigSchema = z.object({
  message: z.string().min(1).max(500).default('rows').describe('What the log line says'),
  sample: z.number().int().min(0).max(STEP_SAMPLE_ROWS).default(5).describe(`How many rows to include in the log, at most ${STEP_SAMPLE_ROWS}`),
  columns: z.array(z.string().min(1).max(128)).max(64).optional().describe('Only these columns in the sample (all by default)'),
});
type LoggerConfig = z.output<typeof loggerConfigSchema>;

function pick(row: PipelineRow, columns: readonly string[] | undefined): PipelineRow {
  if (columns === undefined) return row;
  return Object.fromEntries(columns.filter((column) => Object.hasOwn(row, column)).map((column) => [column, row[column] as PipelineRow[string]]));
}

function logRows(context: StageContext<LoggerConfig>): (rows: PipelineRow[]) => StageOutput {
  const { message, sample, columns } = context.config;
  return (rows) => {
    context.log(message, { rows: rows.length, sample: rows.slice(0, sample).map((row) => pick(row, columns)) });
    return { rows };
  };
}

export const loggerComponent = defineComponent({
  name: 'transform.logger',
  category: 'transform',
  title: 'Log rows',
  description:
    "Writes a line to the run's log with the number of rows and a bounded sample of them (optionally only some columns), and passes the rows on unchanged. In stream mode it logs each delivery.",
  config: loggerConfigSchema,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows' },
  modes: ['batch', 'stream'],
  examples: [{ title: 'Three rows of the oven readings', with: { message: 'oven readings', sample: 3, columns: ['time', 'machine', 'ZoneTemperature1'] } }],
  run: async (context, inputs) => logRows(context)(singleInput(inputs)),
  stream: (context) => statelessOperator(logRows(context)),
});
