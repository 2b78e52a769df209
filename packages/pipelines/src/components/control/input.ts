import { z } from 'zod';
import { defineComponent } from '../component.ts';
import { stageControls } from '../../executor/stage-controls.ts';

export const inputComponent = defineComponent({
  name: 'control.input',
  category: 'control',
  title: 'Run input',
  description:
    'Outputs the rows the run was handed: the item inside a `control.for-each` body, the input rows inside a `control.try-catch` body, ' +
    'the rows a parent passes to a pipeline it runs with `control.sub-pipeline`. A run started on its own has none, so this outputs no rows.',
  config: z.object({}),
  input: { kind: 'none', min: 0, max: 0 },
  output: { kind: 'rows' },
  modes: ['batch'],
  examples: [{ title: 'The for-each item', with: {} }],
  run: async (context) => ({ rows: stageControls(context).runInput() }),
});
