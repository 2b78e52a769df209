import type { PipelineRow } from '@facilflow/contracts';
import { z } from 'zod';
import { defineComponent } from '../component.ts';

const config = z.object({
  severity: z.enum(['info', 'warning', 'critical']).default('warning'),
  /** `{column}` is replaced by the row's value, e.g. "{machine} above 230 °C ({avg_temperature})". */
  title: z.string().min(1).max(500),
  /** Columns that say which thing the event is about; one alert per distinct key. */
  keyColumns: z.array(z.string().min(1).max(128)).max(16).default([]),
  /** At most this many events per stage run; more rows are counted, not sent (an alert storm is one alert per key anyway). */
  maxEvents: z.number().int().min(1).max(10_000).default(1000),
});

type EventConfig = z.output<typeof config>;

function fillTemplate(template: string, row: PipelineRow): string {
  return template.replace(/\{([A-Za-z0-9_.]+)\}/g, (placeholder, column: string) => (Object.hasOwn(row, column) ? String(row[column]) : placeholder));
}

export function toEvents(eventConfig: EventConfig, rows: readonly PipelineRow[]): PipelineRow[] {
  return rows.slice(0, eventConfig.maxEvents).map((row) => ({
    ...row,
    severity: eventConfig.severity,
    title: fillTemplate(eventConfig.title, row),
    key: eventConfig.keyColumns.map((column) => `${column}=${String(row[column] ?? '')}`).join(','),
  }));
}

export const eventSink = defineComponent({
  name: 'sink.event',
  category: 'sink',
  title: 'Raise event',
  description:
    'Turns each row into a pipeline event (severity, a title from a template with {column} placeholders, a key from key ' +
    'columns, and the row\'s columns as details) that the alerting engine turns into alerts, one per key. Use after a filter ' +
    'or a condition, e.g. "average above 230 °C". Outputs the events.',
  config,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'events' },
  modes: ['batch', 'stream'],
  examples: [{ title: 'Oven over temperature', with: { severity: 'critical', title: '{machine} above 230 °C: {avg_temperature}', keyColumns: ['machine'] } }],
  async run(context, inputs) {
    const events = toEvents(context.config, inputs[0]?.rows ?? []);
    if (events.length > 0) await context.services.emitEvents(events, context.signal);
    return { rows: events };
  },
  stream(context) {
    return {
      process: async (_inputRef, rows) => {
        const events = toEvents(context.config, rows);
        if (events.length > 0) await context.services.emitEvents(events, context.signal);
        return { rows: events };
      },
      advance: () => ({ rows: [] }),
      snapshot: () => null,
    };
  },
});
