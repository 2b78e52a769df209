import { createPolicyInput, listPoliciesOutput, type Principal } from '@facilflow/contracts';
import type { Runtime } from '@facilflow/operations';

/** The label the demo plant's measurements carry: the plant streams what its lines produce. */
export const DEMO_PRODUCTION_LABEL = 'production';

/** Publishing a pipeline that writes to a production measurement waits for an admin's approval. */
export const DEMO_POLICY = createPolicyInput.parse({
  name: 'Production publishes need an admin',
  effect: 'REQUIRE_APPROVAL',
  reason: 'A pipeline that writes to production measurements changes what the plant reads',
  match: {
    operations: ['pipelines.publish'],
    conditions: [{ attribute: 'pipeline.sinkMeasurementLabels', operator: 'includes', value: DEMO_PRODUCTION_LABEL }],
  },
  approval: { approvers: 1, approverRole: 'admin', expiresInMinutes: 60 },
});

/** Seeds the demo tenant's policy once; a policy of that name (perhaps changed by hand since) is left as it is. */
export async function ensureDemoPolicy(runtime: Runtime, owner: Principal): Promise<void> {
  const { policies } = listPoliciesOutput.parse(await runtime.invoke(owner, 'system', 'policies.list', {}));
  if (policies.some((policy) => policy.name === DEMO_POLICY.name)) return;
  await runtime.invoke(owner, 'system', 'policies.create', DEMO_POLICY);
}
