import { pipelineStageSchema } from '@facilflow/contracts';
import { z } from 'zod';
import { defineComponent } from '../component.ts';
import { stageControls } from '../../executor/stage-controls.ts';

const tryCatchConfigSchema = z.object({
  stages: z.array(pipelineStageSchema).min(1).max(100).describe('The body: stages run on this stage\'s input (read it with a "control.input" stage)'),
});

/**
 * A scope rather than a marker: one stage that fails can already route its error with
 * errorPolicy.onError "route"; try/catch covers a group of stages with one handler.
 */
export const tryCatchComponent = defineComponent({
  name: 'control.try-catch',
  category: 'control',
  title: 'Try / catch',
  description:
    'Runs a body of stages on its input (the body reads it with a `control.input` stage). If the body succeeds, its result is the main output. ' +
    'If a body stage fails (after its own retries), the failure is caught: the main output is empty and not taken, and one row ' +
    '{stage, message, attempt, status, code, path} goes to the `error` port, read as "stageId.error" by the handling stages. ' +
    'Cancelling the run is not caught. For a single stage, errorPolicy.onError "route" does the same without a body.',
  config: tryCatchConfigSchema,
  input: { kind: 'rows', min: 0, max: 16 },
  output: { kind: 'rows', extra: () => ['error'] },
  modes: ['batch'],
  examples: [
    {
      title: 'Run the cleaning pipeline, retried twice; a failure goes to the error port',
      with: {
        stages: [
          { id: 'rows', use: 'control.input' },
          { id: 'clean', use: 'control.sub-pipeline', with: { pipelineId: 'clean-oven-data' }, needs: ['rows'], errorPolicy: { retries: 2 } },
        ],
      },
    },
  ],
  run: async (context, inputs) => {
    const controls = stageControls(context);
    const outcome = await controls.runStages(context.config.stages, inputs.flatMap((input) => input.rows), context.signal);
    if (outcome.ok) return { rows: outcome.rows };
    if (outcome.status === 'cancelled') throw new Error('the try/catch body was cancelled');
    controls.leaveMainOutputUntaken();
    const failedStage = outcome.failure?.stageId ?? null;
    return {
      rows: [],
      ports: {
        error: [
          {
            stage: failedStage ?? context.stageId,
            message: outcome.error.message,
            attempt: outcome.failure?.attempt ?? null,
            status: outcome.status,
            code: outcome.error.code ?? null,
            path: outcome.error.path.join('.'),
          },
        ],
      },
    };
  },
});
