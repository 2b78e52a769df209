import { acceptInvitesInput, acceptInvitesOutput } from '@facilflow/contracts';
import { acceptPendingInvites } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const invitesAccept = defineOperation({
  name: 'invites.accept',
  title: 'Accept invites',
  description:
    'Joins every tenant that invited the signed-in person\'s email, once that address is verified. ' +
    'The first one becomes active if they had none. ' +
    'Called after sign-in; in Firebase deployments a Cloud Function does the same on sign-up.',
  scope: 'user',
  effect: 'write',
  input: acceptInvitesInput,
  output: acceptInvitesOutput,
  handler: async (ctx) => {
    const joined = await acceptPendingInvites(ctx.services, ctx.user, ctx.principal.tenantId);
    return {
      joined: joined.map((m) => ({ tenantId: m.tenantId, role: m.role })),
      activeTenantId: ctx.principal.tenantId ?? joined[0]?.tenantId ?? null,
      emailVerificationRequired: !ctx.user.emailVerified,
    };
  },
  auditTenantId: (output) => output.joined[0]?.tenantId ?? '',
});
