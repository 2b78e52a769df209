import { enrollAgentInput, enrollAgentOutput } from '@facilflow/contracts';
import { enrollAgent } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const agentsEnroll = defineOperation({
  name: 'agents.enroll',
  title: 'Enrol agent',
  description:
    'Registers a new edge agent and returns a one-time enrolment token (valid 24 h) and the command to run at the plant. ' +
    'The agent trades the token for MQTT credentials that reach only its own topics.',
  scope: 'tenant',
  permission: ['create', 'Agent'],
  effect: 'write',
  input: enrollAgentInput,
  output: enrollAgentOutput,
  handler: async (ctx, input) => {
    const enrolled = await enrollAgent(ctx.services, ctx.scope, input);
    return {
      ...enrolled,
      command: `npx facilflow-agent enroll --server ${ctx.services.publicUrl} --token ${enrolled.enrollmentToken} --data-dir ./facilflow-agent`,
    };
  },
});
