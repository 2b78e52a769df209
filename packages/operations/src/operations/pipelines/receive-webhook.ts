import { pipelineWebhookCredentialId, receiveWebhookInput, receiveWebhookOutput, WEBHOOK_REFUSED } from '@facilflow/contracts';
import { checkWebhookCredential, receivePipelineWebhook } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const pipelinesReceiveWebhook = defineOperation({
  name: 'pipelines.receiveWebhook',
  title: 'Receive pipeline webhook',
  description:
    'Called by another system (POST /api/hooks/{tenantId}/pipelines/{pipelineId} with the pipeline’s webhook secret as bearer), not by people: ' +
    'starts a run (trigger "webhook") of the latest published version of an active pipeline with a webhook trigger, the JSON body as its input rows.',
  scope: 'credential',
  credential: {
    field: 'credential',
    kind: 'pipeline-webhook',
    idOf: pipelineWebhookCredentialId,
    check: checkWebhookCredential,
    refusal: WEBHOOK_REFUSED,
  },
  effect: 'write',
  input: receiveWebhookInput,
  output: receiveWebhookOutput,
  handler: async (ctx, input) => ({
    run: await receivePipelineWebhook(ctx.services, { tenantId: ctx.tenantId, actor: ctx.actor, role: 'service' }, input),
  }),
});
