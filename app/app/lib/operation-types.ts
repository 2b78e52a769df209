import type * as contracts from '@facilflow/contracts';
import type { z } from 'zod';
import type { Outcome } from '../../server/web-context.ts';

/** The outputs of the operations this app calls; the runtime has already validated them against these schemas. */
export interface Outputs {
  'tenants.create': z.output<typeof contracts.createTenantOutput>;
  'tenants.get': z.output<typeof contracts.getTenantOutput>;
  'tenants.listMine': z.output<typeof contracts.listMyTenantsOutput>;
  'tenants.switch': z.output<typeof contracts.switchTenantOutput>;
  'invites.accept': z.output<typeof contracts.acceptInvitesOutput>;
  'apiKeys.create': z.output<typeof contracts.createApiKeyOutput>;
  'apiKeys.list': z.output<typeof contracts.listApiKeysOutput>;
  'audit.list': z.output<typeof contracts.listAuditOutput>;
  'agents.list': z.output<typeof contracts.listAgentsOutput>;
  'telemetry.latest': z.output<typeof contracts.latestOutput>;
  'quality.issues': z.output<typeof contracts.qualityIssuesOutput>;
}

export type OperationName = keyof Outputs;

/** What a page gets for one operation call: its output, or the problem to show in its place. */
export type Result<N extends OperationName> = Outcome<Outputs[N]>;
export type { Outcome, Problem } from '../../server/web-context.ts';
