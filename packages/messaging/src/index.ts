export type { Bus, BusHandler, Unsubscribe } from './bus/bus.ts';
export { createInProcessBus, type InProcessBusOptions } from './bus/in-process-bus.ts';
export { createRedisBus, type RedisBusOptions } from './bus/redis-bus.ts';

export type {
  AddJobOptions,
  Job,
  JobEvent,
  JobHandler,
  JobInfo,
  JobQueue,
  JobState,
  JobWorker,
  ProcessOptions,
  Schedule,
  ScheduleInfo,
} from './queue/job-queue.ts';
export { createInProcessQueue, type InProcessQueueOptions } from './queue/in-process-queue.ts';
export { createBullMqQueue, type BullMqQueueOptions } from './queue/bullmq-queue.ts';

export { SHARED_TELEMETRY_FILTER, TELEMETRY_FILTER, agentTopic, agentTopicPrefix, parseAgentTopic, type AgentTopic } from '@facilflow/contracts';
export type { AgentPrincipal, BrokerPrincipal } from './mqtt/principal.ts';
export { AGENT_PUBLISH_KINDS, AGENT_SUBSCRIBE_KINDS, agentMayPublish, agentMaySubscribe, type AclDecision } from './mqtt/agent-acl.ts';
export { startEmbeddedBroker, type AgentTelemetry, type EmbeddedBroker, type EmbeddedBrokerOptions } from './mqtt/embedded-broker.ts';
export {
  SERVICE_DYNSEC_ACLS,
  agentDynsecAcls,
  agentRoleName,
  createMosquittoDynsec,
  serviceRoleName,
  type DynsecAcl,
  type DynsecAclType,
  type MosquittoDynsec,
  type MosquittoDynsecOptions,
} from './mqtt/mosquitto-dynsec.ts';
export { connectIngress, type Ingress, type IngressOptions } from './mqtt/ingress-client.ts';

export { consoleLog, type MessagingLog } from './log.ts';
export { createMqttAgentControl, type MqttAgentControl, type MqttAgentControlOptions } from './agent-control/mqtt-agent-control.ts';

export type { ConsumeOptions, ConsumerLag, ConsumerTenantLag, StreamConsumer, Subscription, WrittenTelemetryStream } from './telemetry-stream/written-telemetry-stream.ts';
export { InProcessWrittenTelemetryStream, type InProcessStreamOptions } from './telemetry-stream/in-process-stream.ts';
export { createRedisWrittenTelemetryStream, shardOf, type RedisStreamOptions } from './telemetry-stream/redis-stream.ts';
export { assertTimeZone, nextCronTime, previousCronTime } from './queue/cron.ts';
