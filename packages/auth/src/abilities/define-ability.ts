import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import type { Role } from '@facilflow/contracts';
import type { Action, Permission, Subject } from './subjects.ts';

export type AppAbility = MongoAbility<[Action, Subject | 'all']>;

const OBSERVABLE: Subject[] = [
  'Tenant', 'Member', 'Agent', 'DataSource', 'Schema', 'Telemetry', 'DeadLetter', 'Quality', 'Lineage',
  'Pipeline', 'PipelineRun', 'Component', 'Approval', 'AlertRule', 'Alert', 'Dashboard', 'Cluster', 'Worker', 'StorageObject',
  'Schedule', 'Governance', 'Notification',
];
const ENGINEERED: Subject[] = [
  'Agent', 'DataSource', 'Schema', 'DeadLetter', 'Pipeline', 'PipelineRun', 'AlertRule', 'Alert', 'Dashboard', 'StorageObject',
  'Schedule', 'Notification',
];

/** The field of JarvisUsage a role limited to its own turns may read; the others read the whole tenant's. */
const OWN_USAGE = 'own';
const TENANT_USAGE = 'tenant';

/** Whether the ability reads everyone's Jarvis usage in the tenant, or only the caller's own. */
export function seesTenantJarvisUsage(ability: AppAbility): boolean {
  return ability.can('read', 'JarvisUsage', TENANT_USAGE);
}

/** The one place that says what each role may do. */
export function defineAbilityFor(role: Role): AppAbility {
  const { can, cannot, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  switch (role) {
    case 'owner':
      can('manage', 'all');
      break;
    case 'admin':
      can('manage', 'all');
      // Only owners delete the organisation itself.
      cannot('delete', 'Tenant');
      break;
    case 'engineer':
      can('read', OBSERVABLE);
      can('manage', ENGINEERED);
      // Deleting a pipeline takes its run history with it: admins decide that.
      cannot('delete', 'Pipeline');
      can('execute', 'Telemetry');
      can('manage', 'Conversation');
      can('approve', 'Approval');
      can('read', ['JarvisUsage', 'JarvisBudget']);
      break;
    case 'operator':
      can('read', OBSERVABLE);
      can('execute', ['Telemetry', 'PipelineRun', 'Agent']);
      can('create', 'PipelineRun');
      can('update', ['PipelineRun', 'Alert']);
      // Pausing and resuming a cron schedule steers when runs happen, like pausing a run.
      can('update', 'Schedule');
      can('approve', 'Approval');
      can('manage', 'Conversation');
      can('read', ['JarvisUsage', 'JarvisBudget']);
      break;
    case 'viewer':
      can('read', OBSERVABLE);
      can('execute', 'Telemetry');
      can('manage', 'Conversation');
      // A viewer talks to Jarvis and may see what their own turns used, not their colleagues'.
      can('read', 'JarvisUsage', [OWN_USAGE]);
      can('read', 'JarvisBudget');
      break;
    case 'agent':
      // An edge agent publishes telemetry over MQTT and gets its configuration there too.
      can('create', 'Telemetry');
      break;
    case 'service':
      // Automation and MCP clients: build and run things, never govern people or keys.
      can('read', OBSERVABLE);
      can('manage', ENGINEERED);
      cannot('delete', 'Pipeline');
      can('execute', ['Telemetry', 'Agent']);
      can('manage', 'Conversation');
      can('read', ['JarvisUsage', 'JarvisBudget']);
      break;
  }
  return build();
}

export function allows(ability: AppAbility, permission: Permission): boolean {
  return ability.can(permission[0], permission[1]);
}
