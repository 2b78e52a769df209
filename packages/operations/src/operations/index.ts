import type { Operation } from '../define-operation.ts';
import { telemetryExploreCatalog } from './telemetry/explore-catalog.ts';
import { telemetryConsumers } from './telemetry/consumers.ts';
import { telemetryLatest } from './telemetry/latest.ts';
import { telemetryQuery } from './telemetry/query.ts';
import { agentsCommand } from './agents/command.ts';
import { agentsEnroll } from './agents/enroll.ts';
import { agentsGet } from './agents/get.ts';
import { agentsList } from './agents/list.ts';
import { agentsRedeemEnrollment } from './agents/redeem-enrollment.ts';
import { agentsRevoke } from './agents/revoke.ts';
import { agentsUpdateConfig } from './agents/update-config.ts';
import { dataSourcesCreate } from './data-sources/create.ts';
import { dataSourcesDelete } from './data-sources/delete.ts';
import { dataSourcesGet } from './data-sources/get.ts';
import { dataSourcesList } from './data-sources/list.ts';
import { dataSourcesUpdate } from './data-sources/update.ts';
import { apiKeysCreate } from './api-keys/create.ts';
import { apiKeysList } from './api-keys/list.ts';
import { apiKeysRevoke } from './api-keys/revoke.ts';
import { auditList } from './audit/list.ts';
import { invitesAccept } from './invites/accept.ts';
import { membersInvite } from './members/invite.ts';
import { membersList } from './members/list.ts';
import { membersRemove } from './members/remove.ts';
import { membersUpdateRole } from './members/update-role.ts';
import { tenantsCreate } from './tenants/create.ts';
import { tenantsGet } from './tenants/get.ts';
import { tenantsListMine } from './tenants/list-mine.ts';
import { tenantsSwitch } from './tenants/switch.ts';
import { tenantsUpdateApprovalSettings } from './tenants/update-approval-settings.ts';
import { schemasCreate } from './schemas/create.ts';
import { schemasDelete } from './schemas/delete.ts';
import { schemasGet } from './schemas/get.ts';
import { schemasList } from './schemas/list.ts';
import { schemasUpdate } from './schemas/update.ts';
import { deadLettersGet } from './dead-letters/get.ts';
import { deadLettersList } from './dead-letters/list.ts';
import { deadLettersPurge } from './dead-letters/purge.ts';
import { deadLettersReplay } from './dead-letters/replay.ts';
import { qualityIssues } from './quality/issues.ts';
import { qualityScores } from './quality/scores.ts';
import { lineageGraph } from './lineage/graph.ts';
import { pipelinesList } from './pipelines/list.ts';
import { pipelinesGet } from './pipelines/get.ts';
import { pipelinesCreate } from './pipelines/create.ts';
import { pipelinesUpdate } from './pipelines/update.ts';
import { pipelinesValidate } from './pipelines/validate.ts';
import { pipelinesPublish } from './pipelines/publish.ts';
import { pipelinesVersions } from './pipelines/versions.ts';
import { pipelinesDiff } from './pipelines/diff.ts';
import { pipelinesRollback } from './pipelines/rollback.ts';
import { pipelinesDelete } from './pipelines/delete.ts';
import { pipelinesStart } from './pipelines/start.ts';
import { pipelinesStop } from './pipelines/stop.ts';
import { pipelinesBackfill } from './pipelines/backfill.ts';
import { templatesList } from './templates/list.ts';
import { templatesInstantiate } from './templates/instantiate.ts';
import { runsList } from './runs/list.ts';
import { runsGet } from './runs/get.ts';
import { runsSteps } from './runs/steps.ts';
import { pipelinesRun } from './pipelines/run.ts';
import { runsCancel } from './runs/cancel.ts';
import { runsPause } from './runs/pause.ts';
import { runsResume } from './runs/resume.ts';
import { runsStep } from './runs/step.ts';
import { runsReplay } from './runs/replay.ts';
import { runsDiff } from './runs/diff.ts';
import { componentsList } from './components/list.ts';
import { componentsGet } from './components/get.ts';
import { schedulesList } from './schedules/list.ts';
import { schedulesGet } from './schedules/get.ts';
import { schedulesPause } from './schedules/pause.ts';
import { schedulesResume } from './schedules/resume.ts';
import { approvalsList } from './approvals/list.ts';
import { approvalsGet } from './approvals/get.ts';
import { approvalsApprove } from './approvals/approve.ts';
import { approvalsReject } from './approvals/reject.ts';
import { conversationsCreate } from './conversations/create.ts';
import { conversationsList } from './conversations/list.ts';
import { conversationsGet } from './conversations/get.ts';
import { conversationsRename } from './conversations/rename.ts';
import { conversationsDelete } from './conversations/delete.ts';
import { pipelinesReceiveWebhook } from './pipelines/receive-webhook.ts';
import { clustersList } from './clusters/list.ts';
import { clustersGet } from './clusters/get.ts';
import { workersList } from './workers/list.ts';
import { workersGet } from './workers/get.ts';
import { workersDrain } from './workers/drain.ts';
import { usageGet } from './usage/get.ts';
import { usageList } from './usage/list.ts';
import { budgetsGet } from './budgets/get.ts';
import { budgetsSet } from './budgets/set.ts';
import { policiesList } from './policies/list.ts';
import { policiesGet } from './policies/get.ts';
import { policiesCreate } from './policies/create.ts';
import { policiesUpdate } from './policies/update.ts';
import { policiesDelete } from './policies/delete.ts';
import { violationsList } from './violations/list.ts';
import { exportsTelemetry } from './exports/telemetry.ts';
import { auditExport } from './audit/export.ts';
import { governanceGetRetention } from './governance/get-retention.ts';
import { governanceSetRetention } from './governance/set-retention.ts';
import { governanceListClassifications } from './governance/list-classifications.ts';
import { governanceSetClassifications } from './governance/set-classifications.ts';
import { governanceGetAuditRetention } from './governance/get-audit-retention.ts';
import { governanceSetAuditRetention } from './governance/set-audit-retention.ts';
import { alertRulesList } from './alert-rules/list.ts';
import { alertRulesGet } from './alert-rules/get.ts';
import { alertRulesCreate } from './alert-rules/create.ts';
import { alertRulesUpdate } from './alert-rules/update.ts';
import { alertRulesDelete } from './alert-rules/delete.ts';
import { alertsList } from './alerts/list.ts';
import { alertsGet } from './alerts/get.ts';
import { alertsAcknowledge } from './alerts/acknowledge.ts';
import { alertsShelve } from './alerts/shelve.ts';
import { alertsResolve } from './alerts/resolve.ts';
import { alertsMetrics } from './alerts/metrics.ts';
import { channelsList } from './channels/list.ts';
import { channelsCreate } from './channels/create.ts';
import { channelsUpdate } from './channels/update.ts';
import { channelsDelete } from './channels/delete.ts';
import { channelsTest } from './channels/test.ts';
import { notificationPoliciesGet } from './notification-policies/get.ts';
import { notificationPoliciesSet } from './notification-policies/set.ts';
import { silencesList } from './silences/list.ts';
import { silencesCreate } from './silences/create.ts';
import { silencesExpire } from './silences/expire.ts';
import { maintenanceWindowsList } from './maintenance-windows/list.ts';
import { maintenanceWindowsCreate } from './maintenance-windows/create.ts';
import { maintenanceWindowsDelete } from './maintenance-windows/delete.ts';
import { deliveriesList } from './deliveries/list.ts';
import { deliveriesRedeliver } from './deliveries/redeliver.ts';
import { webhooksList } from './webhooks/list.ts';
import { webhooksCreate } from './webhooks/create.ts';
import { webhooksDelete } from './webhooks/delete.ts';

// A tuple, not Operation[], so each entry keeps its own schemas, name and effect for OperationsByName.
const defined = [
  tenantsCreate,
  tenantsGet,
  tenantsSwitch,
  tenantsListMine,
  tenantsUpdateApprovalSettings,
  invitesAccept,
  membersList,
  membersInvite,
  membersUpdateRole,
  membersRemove,
  apiKeysCreate,
  apiKeysList,
  apiKeysRevoke,
  auditList,
  agentsList,
  agentsGet,
  agentsEnroll,
  agentsRedeemEnrollment,
  agentsUpdateConfig,
  agentsCommand,
  agentsRevoke,
  dataSourcesList,
  dataSourcesGet,
  dataSourcesCreate,
  dataSourcesUpdate,
  dataSourcesDelete,
  telemetryExploreCatalog,
  telemetryQuery,
  telemetryLatest,
  telemetryConsumers,
  schemasList,
  schemasGet,
  schemasCreate,
  schemasUpdate,
  schemasDelete,
  deadLettersList,
  deadLettersGet,
  deadLettersReplay,
  deadLettersPurge,
  qualityScores,
  qualityIssues,
  lineageGraph,
  pipelinesList,
  pipelinesGet,
  pipelinesCreate,
  pipelinesUpdate,
  pipelinesValidate,
  pipelinesPublish,
  pipelinesVersions,
  pipelinesDiff,
  pipelinesRollback,
  pipelinesDelete,
  pipelinesStart,
  pipelinesStop,
  pipelinesBackfill,
  templatesList,
  templatesInstantiate,
  runsList,
  runsGet,
  runsSteps,
  pipelinesRun,
  runsCancel,
  runsPause,
  runsResume,
  runsStep,
  runsReplay,
  runsDiff,
  componentsList,
  componentsGet,
  schedulesList,
  schedulesGet,
  schedulesPause,
  schedulesResume,
  approvalsList,
  approvalsGet,
  approvalsApprove,
  approvalsReject,
  conversationsCreate,
  conversationsList,
  conversationsGet,
  conversationsRename,
  conversationsDelete,
  pipelinesReceiveWebhook,
  clustersList,
  clustersGet,
  workersList,
  workersGet,
  workersDrain,
  usageGet,
  usageList,
  budgetsGet,
  budgetsSet,
  policiesList,
  policiesGet,
  policiesCreate,
  policiesUpdate,
  policiesDelete,
  violationsList,
  exportsTelemetry,
  auditExport,
  governanceGetRetention,
  governanceSetRetention,
  governanceListClassifications,
  governanceSetClassifications,
  governanceGetAuditRetention,
  governanceSetAuditRetention,
  alertRulesList,
  alertRulesGet,
  alertRulesCreate,
  alertRulesUpdate,
  alertRulesDelete,
  alertsList,
  alertsGet,
  alertsAcknowledge,
  alertsShelve,
  alertsResolve,
  alertsMetrics,
  channelsList,
  channelsCreate,
  channelsUpdate,
  channelsDelete,
  channelsTest,
  notificationPoliciesGet,
  notificationPoliciesSet,
  silencesList,
  silencesCreate,
  silencesExpire,
  maintenanceWindowsList,
  maintenanceWindowsCreate,
  maintenanceWindowsDelete,
  deliveriesList,
  deliveriesRedeliver,
  webhooksList,
  webhooksCreate,
  webhooksDelete,
] as const satisfies readonly Operation[];

/** Every operation FacilFlow offers; each front is generated from this list. */
export const operations: readonly Operation[] = defined;

/** Each operation's definition under its name: the types every front derives its inputs and outputs from. */
export type OperationsByName = { [Op in (typeof defined)[number] as Op['name']]: Op };
