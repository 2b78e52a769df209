import { z } from 'zod';
import { defineComponent } from '../component.ts';
import { stageControls } from '../../executor/stage-controls.ts';
import { StageFailure } from '../../executor/stage-failure.ts';

const subPipelineConfigSchema = z.object({
  pipelineId: z.string().min(1).max(128).describe("A pipeline of this tenant (another tenant's id is not found)"),
  version: z.union([z.number().int().min(1), z.literal('latest')]).default('latest').describe('A published version, or "latest"'),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}).describe("Values for the pipeline's params"),
});

export const subPipelineComponent = defineComponent({
  name: 'control.sub-pipeline',
  category: 'control',
  title: 'Sub-pipeline',
  description:
    'Runs another published pipeline of the same tenant, by id and version, inside this run: its `control.input` stages receive this stage\'s input, ' +
    'and its result (a `control.return` input, or its last stage\'s output) becomes this stage\'s output. Its failure fails this stage with the path into the sub-pipeline.',
  config: subPipelineConfigSchema,
  input: { kind: 'rows', min: 0, max: 16 },
  output: { kind: 'rows' },
  modes: ['batch'],
  examples: [{ title: 'Shared cleaning steps', with: { pipelineId: 'clean-oven-data', version: 3 } }],
  run: async (context, inputs) => {
    const outcome = await stageControls(context).runSubPipeline(
      { pipelineId: context.config.pipelineId, version: context.config.version },
      inputs.flatMap((input) => input.rows),
      context.config.params,
      context.signal,
    );
    if (!outcome.ok) throw new StageFailure(`sub-pipeline "${context.config.pipelineId}" ${outcome.status}: ${outcome.error.message}`, { subPath: outcome.error.path, ...(outcome.error.code ? { code: outcome.error.code } : {}) });
    return { rows: outcome.rows };
  },
});
