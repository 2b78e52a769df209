import type { PipelineRow } from '@facilflow/contracts';
import { z } from 'zod';
import { numberOrNull } from '../../../event-time/row-values.ts';
import { conversionProblem, converter, findUnit } from '../../../event-time/ucum-units.ts';
import { defineComponent, type StageOutput } from '../../component.ts';

const conversionSchema = z
  .object({
    column: z.string().min(1).max(128).describe('Numeric column to convert, e.g. "ZoneTemperature1"'),
    from: z.string().min(1).max(32).describe('UCUM code the column is in, as in the schema registry, e.g. "degC", "bar", "kW.h", "m3/h"'),
    to: z.string().min(1).max(32).describe('UCUM code to convert to, of the same dimension, e.g. "[degF]", "[psi]", "MJ", "L/min"'),
    as: z.string().min(1).max(128).optional().describe('Write the result to this column and keep the original; by default the column is replaced'),
  })
  .superRefine((conversion, issues) => {
    const problem = conversionProblem(conversion.from, conversion.to);
    // An unknown source unit is the source's fault; any other problem shows on the target.
    if (problem !== null) issues.addIssue({ code: 'custom', message: problem, path: findUnit(conversion.from) === undefined ? ['from'] : ['to'] });
  });

export const unitConvertConfigSchema = z.object({
  conversions: z.array(conversionSchema).min(1).max(64).describe('Applied in order, each to one column'),
});
type UnitConvertConfig = z.output<typeof unitConvertConfigSchema>;

function convertRows(config: UnitConvertConfig, rows: readonly PipelineRow[]): PipelineRow[] {
  const conversions = config.conversions.map((conversion) => ({ ...conversion, apply: converter(conversion.from, conversion.to) }));
  return rows.map((row) => {
    const converted: PipelineRow = { ...row };
    for (const conversion of conversions) {
      const value = numberOrNull(converted, conversion.column);
      converted[conversion.as ?? conversion.column] = value === null ? null : conversion.apply(value);
    }
    return converted;
  });
}

export const unitConvertComponent = defineComponent({
  name: 'transform.unit-convert',
  category: 'transform',
  title: 'Unit conversion',
  description: [
    'Converts numeric columns from one engineering unit to another, by UCUM code (the codes of the schema registry\'s field units): temperature (K, Cel/degC, [degF]/degF), pressure (Pa, hPa, kPa, MPa, bar, mbar, [psi]/psi, atm), power (W, kW, MW, [HP]), energy (J, kJ, MJ, Wh, kW.h/kWh, MWh), volume flow (m3/h, m3/s, L/min, L/s, L/h, [gal_us]/min), mass flow (kg/h, kg/s, t/h), frequency (Hz, /min, rpm), time, length, speed, mass, volume, current, voltage and ratios (1, %, [ppm]).',
    'Use it before a sink or a comparison when sources report in different units, e.g. a US line in psi and a German one in bar.',
    'Each row comes out with the same columns, the converted column replaced (or the result in "as"). Null stays null; a value that is not a number is an error naming the column. A conversion between dimensions (bar to kW) or an unknown code is refused when the spec is validated.',
    'Example: {"conversions":[{"column":"Pressure","from":"bar","to":"[psi]"}]} turns {Pressure: 2} into {Pressure: 29.0075…}.',
  ].join('\n'),
  config: unitConvertConfigSchema,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows' },
  modes: ['batch', 'stream'],
  examples: [
    {
      title: 'Oven temperature in Fahrenheit beside Celsius, energy in MJ',
      with: {
        conversions: [
          { column: 'ZoneTemperature1', from: 'Cel', to: '[degF]', as: 'ZoneTemperature1F' },
          { column: 'Energy', from: 'kW.h', to: 'MJ' },
        ],
      },
    },
  ],
  async run(context, inputs) {
    return { rows: convertRows(context.config, inputs.flatMap((input) => input.rows)) };
  },
  stream(context) {
    const nothing: StageOutput = { rows: [] };
    return {
      process: (_inputRef, rows) => ({ rows: convertRows(context.config, rows) }),
      advance: () => nothing,
      // Stateless: a restart loses nothing.
      snapshot: () => null,
    };
  },
});
