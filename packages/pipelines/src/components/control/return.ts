import { z } from 'zod';
import { defineComponent } from '../component.ts';
import { stageControls } from '../../executor/stage-controls.ts';

export const returnComponent = defineComponent({
  name: 'control.return',
  category: 'control',
  title: 'Return',
  description:
    "Ends the run early: its input becomes the run's result (what a parent's `control.sub-pipeline` receives) and no further stage starts; " +
    'stages already running finish, the others are recorded as skipped, and the run succeeds. Put it behind a conditional or router branch to end the run only on that branch.',
  config: z.object({}),
  input: { kind: 'rows', min: 0, max: 16 },
  output: { kind: 'rows' },
  modes: ['batch'],
  examples: [{ title: 'Stop when there is nothing to report', with: {} }],
  run: async (context, inputs) => {
    const rows = inputs.flatMap((input) => input.rows);
    stageControls(context).endRun(rows);
    return { rows };
  },
});
