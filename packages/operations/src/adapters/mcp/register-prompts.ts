import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { fenceUntrusted } from '../../runtime/untrusted-fence.ts';

const user = (text: string): GetPromptResult => ({ messages: [{ role: 'user', content: { type: 'text', text } }] });

// An alert's text and a description come from plants and people: fenced like any other untrusted data.
const quoted = (label: string, text: string) => `${label}:\n${fenceUntrusted(text, [label]).text}`;

// Built once: the stateless HTTP endpoint registers the prompts on a new server for every request,
// and making zod schemas is a good part of that request's cost.
const INVESTIGATE_ALERT_ARGS = {
  alert: z.string().max(2000).describe('The alert as received (message, machine, time)'),
  measurement: z.string().max(120).optional().describe('The measurement it is about, when known'),
  since: z.string().max(40).optional().describe('ISO 8601 time to look back to; default the last 24 hours'),
};
const BUILD_PIPELINE_ARGS = { description: z.string().max(4000).describe('What the pipeline should do, in plain words') };
const DAILY_SHIFT_SUMMARY_ARGS = {
  from: z.string().max(40).describe('Shift start, ISO 8601'),
  to: z.string().max(40).describe('Shift end, ISO 8601'),
  line: z.string().max(120).optional().describe('Only this line (tag value), when given'),
};

/** Three starting points for a model, each naming the tools and resources that answer it. */
export function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    'investigate_alert',
    {
      title: 'Investigate an alert',
      description: 'Find what is behind an alert: the measurement, what changed around it, data quality, and what feeds it',
      argsSchema: INVESTIGATE_ALERT_ARGS,
    },
    ({ alert, measurement, since }) =>
      user(
        [
          'Investigate this alert for the plant team. Read only: change nothing.',
          quoted('The alert', alert),
          `1. Read the resource facilflow://catalog${measurement ? `/${measurement}` : ''} (or telemetry_exploreCatalog) to find the measurement, its tags and units.`,
          `2. With telemetry_query, look at its fields from ${since ?? 'the last 24 hours'} around the alert: time_bucket aggregates, not raw rows; compare with the same hours a day earlier.`,
          '3. telemetry_latest for the current values; quality_issues and quality_scores for gaps, flatlines or out-of-range data that could explain it.',
          '4. lineage_graph for the agents and pipelines that feed or consume it; deadLetters_list for rejected data from its agent; runs_list for failed runs.',
          'Answer with: what happened (with numbers and times), the likely cause, how sure you are, and what a person should check. Cite the queries you ran.',
        ].join('\n'),
      ),
  );

  server.registerPrompt(
    'build_pipeline',
    {
      title: 'Build a pipeline from a description',
      description: 'Draft a pipeline spec from what it should do, validate it, and save it as a draft',
      argsSchema: BUILD_PIPELINE_ARGS,
    },
    ({ description }) =>
      user(
        [
          'Build a FacilFlow pipeline that does what is described below.',
          quoted('The description', description),
          '1. Read facilflow://catalog for the measurements, tags and units to read from; components_list for the components.',
          '2. For each component you use read facilflow://components/{name} (its config schema and examples); the whole spec follows facilflow://schemas/pipeline.json.',
          '3. Check the draft with pipelines_validate and fix every problem it reports, at the path it gives.',
          '4. Save it with pipelines_create (a draft). Do not publish or run it: show the user the spec and let them decide.',
        ].join('\n'),
      ),
  );

  server.registerPrompt(
    'daily_shift_summary',
    {
      title: 'Daily shift summary',
      description: 'Summarise a shift: production signals, data quality, pipeline runs, rejected data and pending approvals',
      argsSchema: DAILY_SHIFT_SUMMARY_ARGS,
    },
    ({ from, to, line }) =>
      user(
        [
          `Write the shift summary for ${from} to ${to}${line ? `, line "${line}"` : ''}. Read only: change nothing.`,
          '1. facilflow://catalog for what is measured; telemetry_query for hourly aggregates of the main fields in the shift (min, max, avg; counts per machine).',
          '2. quality_scores and quality_issues for the shift; deadLetters_list for data rejected in it.',
          '3. runs_list for pipeline runs in the shift, failed ones first (runs_steps for where they failed); approvals_list for requests still waiting for a person.',
          'Write it for the next shift lead: a few lines on production, then anomalies, data problems, failed runs and open approvals, each with the time and the tool result it comes from.',
        ].join('\n'),
      ),
  );
}
