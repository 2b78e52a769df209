import { createPolicyInput, createPolicyOutput } from '@facilflow/contracts';
import { createPolicy } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';
import { assertKnownOperations } from './known-operations.ts';

export const policiesCreate = defineOperation({
  name: 'policies.create',
  title: 'Create policy',
  description:
    'Adds a policy evaluated before every matching write or destructive call (and telemetry.query) on every front. DENY ' +
    'refuses with its reason; REQUIRE_APPROVAL holds the call until `approval.approvers` distinct people of at least ' +
    '`approval.approverRole`, never the requester, approve it; ALLOW only records the match. DENY beats REQUIRE_APPROVAL ' +
    'beats ALLOW. A policy never grants what a role may not do. Example: {"name": "Production publishes need an admin", ' +
    '"effect": "REQUIRE_APPROVAL", "match": {"operations": ["pipelines.publish"], "conditions": [{"attribute": ' +
    '"pipeline.sinkMeasurementLabels", "operator": "includes", "value": "production"}]}, "approval": {"approvers": 1, "approverRole": "admin"}}.',
  scope: 'tenant',
  permission: ['create', 'Policy'],
  effect: 'write',
  input: createPolicyInput,
  output: createPolicyOutput,
  handler: async (ctx, input) => {
    assertKnownOperations(ctx, input.match.operations);
    return { policy: await createPolicy(ctx.services, ctx.scope, input) };
  },
});
