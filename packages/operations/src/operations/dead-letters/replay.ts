import { replayDeadLetterInput, replayDeadLetterOutput } from '@facilflow/contracts';
import { replayDeadLetter } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const deadLettersReplay = defineOperation({
  name: 'deadLetters.replay',
  title: 'Replay dead letter',
  description:
    'Runs a dead letter\'s stored payload through the checks again (typically after fixing the schema with schemas.create or ' +
    'schemas.update) and stores what was refused before. Nothing is stored unless every refused point passes now, or with ' +
    'skipInvalid the points that pass are stored and the rest given up. Safe to repeat: the points are stored once, and a ' +
    'replayed dead letter answers already_replayed.',
  scope: 'tenant',
  permission: ['update', 'DeadLetter'],
  effect: 'write',
  input: replayDeadLetterInput,
  output: replayDeadLetterOutput,
  handler: (ctx, input) => replayDeadLetter(ctx.services, ctx.scope, input),
});
