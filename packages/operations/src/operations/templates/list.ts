import { listTemplatesInput, listTemplatesOutput } from '@facilflow/contracts';
import { listTemplates } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const templatesList = defineOperation({
  name: 'templates.list',
  title: 'List pipeline templates',
  description:
    'Lists the pipeline templates FacilFlow ships: a ready-made pipeline for a common job (1-minute average per machine ' +
    'with an event above a threshold, OEE per line, an event when a tag drifts, daily energy per line to Parquet), each ' +
    'with what it does, its params (type, default, description) and the triggers and components it uses. ' +
    'templates.instantiate makes a draft pipeline from one.',
  scope: 'tenant',
  permission: ['read', 'Pipeline'],
  effect: 'read',
  input: listTemplatesInput,
  output: listTemplatesOutput,
  handler: () => listTemplates(),
});
