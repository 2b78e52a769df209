import type { Role } from '@facilflow/contracts';

const PEOPLE: Role[] = ['owner', 'admin', 'engineer', 'operator', 'viewer'];
const GOVERNORS: Role[] = ['owner', 'admin'];
const READERS: Role[] = [...PEOPLE, 'service'];
const BUILDERS: Role[] = ['owner', 'admin', 'engineer', 'service'];
// People who pass gates: a key never approves.
const APPROVERS: Role[] = ['owner', 'admin', 'engineer', 'operator'];
// Called with the enrolment token in the input, never as anyone: every principal is refused.
const NOBODY: Role[] = [];

/**
 * Who may call what, written out by hand rather than derived from the abilities, so a
 * change to either side shows up here. An operation missing from this table fails the suite.
 */
export const ROLE_MATRIX: Record<string, readonly Role[]> = {
  'tenants.create': PEOPLE,
  'tenants.get': READERS,
  'tenants.switch': PEOPLE,
  'tenants.listMine': PEOPLE,
  'tenants.updateApprovalSettings': GOVERNORS,
  'invites.accept': PEOPLE,
  'members.list': READERS,
  'members.invite': GOVERNORS,
  'members.updateRole': GOVERNORS,
  'members.remove': GOVERNORS,
  'apiKeys.create': GOVERNORS,
  'apiKeys.list': GOVERNORS,
  'apiKeys.revoke': GOVERNORS,
  'audit.list': GOVERNORS,
  'agents.list': READERS,
  'agents.get': READERS,
  'agents.enroll': BUILDERS,
  'agents.redeemEnrollment': NOBODY,
  'agents.updateConfig': BUILDERS,
  'agents.command': [...BUILDERS, 'operator'],
  'agents.revoke': BUILDERS,
  'dataSources.list': READERS,
  'dataSources.get': READERS,
  'dataSources.create': BUILDERS,
  'dataSources.update': BUILDERS,
  'dataSources.delete': BUILDERS,
  'telemetry.exploreCatalog': READERS,
  'telemetry.query': READERS,
  'telemetry.latest': READERS,
  'telemetry.consumers': READERS,
  'schemas.list': READERS,
  'schemas.get': READERS,
  'schemas.create': BUILDERS,
  'schemas.update': BUILDERS,
  'schemas.delete': BUILDERS,
  'deadLetters.list': READERS,
  'deadLetters.get': READERS,
  'deadLetters.replay': BUILDERS,
  'deadLetters.purge': BUILDERS,
  'quality.scores': READERS,
  'quality.issues': READERS,
  'lineage.graph': READERS,
  'pipelines.list': READERS,
  'pipelines.get': READERS,
  'pipelines.create': BUILDERS,
  'pipelines.update': BUILDERS,
  'pipelines.validate': READERS,
  'pipelines.publish': BUILDERS,
  'pipelines.versions': READERS,
  'pipelines.diff': READERS,
  'pipelines.rollback': BUILDERS,
  // Deleting a pipeline takes its run history: governors only.
  'pipelines.delete': GOVERNORS,
  'pipelines.start': BUILDERS,
  'pipelines.stop': BUILDERS,
  'pipelines.backfill': [...BUILDERS, 'operator'],
  'templates.list': READERS,
  'templates.instantiate': BUILDERS,
  'runs.list': READERS,
  'runs.get': READERS,
  'runs.steps': READERS,
  // Operators run and steer runs; they do not build pipelines.
  'pipelines.run': [...BUILDERS, 'operator'],
  'runs.cancel': [...BUILDERS, 'operator'],
  'runs.pause': [...BUILDERS, 'operator'],
  'runs.resume': [...BUILDERS, 'operator'],
  'runs.step': [...BUILDERS, 'operator'],
  'runs.replay': [...BUILDERS, 'operator'],
  'runs.diff': READERS,
  // Workers are shared by every tenant: any member reads them; draining takes the operator tenant, so nobody in an ordinary one.
  'clusters.list': READERS,
  'clusters.get': READERS,
  'workers.list': READERS,
  'workers.get': READERS,
  'workers.drain': NOBODY,
  'components.list': READERS,
  'components.get': READERS,
  'schedules.list': READERS,
  'schedules.get': READERS,
  // Operators steer when runs happen (as they pause runs); they do not build pipelines.
  'schedules.pause': [...BUILDERS, 'operator'],
  'schedules.resume': [...BUILDERS, 'operator'],
  'approvals.list': READERS,
  'approvals.get': READERS,
  'approvals.approve': APPROVERS,
  'approvals.reject': APPROVERS,
  'conversations.create': READERS,
  'conversations.list': READERS,
  'conversations.get': READERS,
  'conversations.rename': READERS,
  'conversations.delete': READERS,
  'pipelines.receiveWebhook': NOBODY,
  'channels.list': READERS,
  'channels.create': BUILDERS,
  'channels.update': BUILDERS,
  'channels.delete': BUILDERS,
  'channels.test': BUILDERS,
  'notificationPolicies.get': READERS,
  'notificationPolicies.set': BUILDERS,
  'silences.list': READERS,
  // The operator on call silences what they are working on, as they update alerts.
  'silences.create': [...BUILDERS, 'operator'],
  'silences.expire': [...BUILDERS, 'operator'],
  'maintenanceWindows.list': READERS,
  'maintenanceWindows.create': BUILDERS,
  'maintenanceWindows.delete': BUILDERS,
  'deliveries.list': READERS,
  'deliveries.redeliver': BUILDERS,
  'webhooks.list': READERS,
  'webhooks.create': BUILDERS,
  'webhooks.delete': BUILDERS,
};

/** Where an allowed call still cannot succeed for a reason other than rights, the outcome that proves it got past them. */
export const ALLOWED_OUTCOME: Record<string, string> = {
  // The matrix's agent never enrolled, so a command cannot reach it.
  'agents.command': 'CONFLICT',
  // The matrix validates against a catalog of test components, which lacks the template's: its spec is refused after the rights passed.
  'templates.instantiate': 'INVALID',
  // Each call is a new member and the conversation is another person's: past the rights, it is not theirs to find.
  'conversations.get': 'NOT_FOUND',
  'conversations.rename': 'NOT_FOUND',
  'conversations.delete': 'NOT_FOUND',
};
