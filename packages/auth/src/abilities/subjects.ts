/**
 * Every resource in the design has a subject now, so an operation added later only
 * names its permission; the rules below already say who may do what with it.
 */
export const SUBJECTS = [
  'Tenant',
  'Member',
  'Invite',
  'ApiKey',
  'AuditLog',
  'Agent',
  'DataSource',
  'Schema',
  'Telemetry',
  'DeadLetter',
  'Quality',
  'Lineage',
  'Pipeline',
  'PipelineRun',
  'Component',
  'Approval',
  'AlertRule',
  'Alert',
  'Dashboard',
  'Conversation',
  'Cluster',
  'Worker',
  'StorageObject',
  'Schedule',
  /** Jarvis's metered model requests. */
  'JarvisUsage',
  /** A tenant's monthly limits for Jarvis. */
  'JarvisBudget',
  'Policy',
  'Violation',
  'Governance',
  /** Notification channels, the routing policy, maintenance windows, outgoing webhooks and their deliveries. */
  'Notification',
] as const;
export type Subject = (typeof SUBJECTS)[number];

/** `execute` runs something (a pipeline, an agent command, a query); `approve` passes a gate. */
export const ACTIONS = ['read', 'create', 'update', 'delete', 'execute', 'approve', 'manage'] as const;
export type Action = (typeof ACTIONS)[number];

export type Permission = readonly [Action, Subject];
