import { callRemote, type RemoteTarget } from './call-remote.ts';

export type ApprovalsSubcommand = 'list' | 'get' | 'approve' | 'reject';

const OPERATION: Record<ApprovalsSubcommand, string> = {
  list: 'approvals.list',
  get: 'approvals.get',
  approve: 'approvals.approve',
  reject: 'approvals.reject',
};

export function isApprovalsSubcommand(sub: string | undefined): sub is ApprovalsSubcommand {
  return sub !== undefined && Object.hasOwn(OPERATION, sub);
}

/**
 * Lists, shows and decides requests for a person's approval on a running server, under the
 * caller's own credential: a person's Firebase ID token decides, since the server lets no API
 * key approve; any key of the tenant may list and show.
 */
export function runApprovals(target: RemoteTarget, sub: ApprovalsSubcommand, id: string | undefined, options: { status?: string | undefined; reason?: string | undefined }): Promise<unknown> {
  if (sub === 'list') return callRemote(target, OPERATION.list, options.status ? { status: options.status } : {});
  const input = sub === 'get' ? { id } : { id, ...(options.reason ? { reason: options.reason } : {}) };
  return callRemote(target, OPERATION[sub], input);
}
