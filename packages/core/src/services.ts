import type { Database } from '@facilflow/db/client';
import type { TenantDirectory } from '@facilflow/auth/directory';
import type { AlertNoticeSink, Role } from '@facilflow/contracts';
import type { Bus, JobQueue, WrittenTelemetryStream } from '@facilflow/messaging';
import type { ObjectStorage } from '@facilflow/storage';
import type { TimeSeriesStore } from '@facilflow/timeseries';
import type { AgentControl } from './agents/agent-control.ts';
import type { PipelineEngine } from './pipelines/pipeline-engine.ts';

export interface VerifiedUser {
  uid: string;
  email: string | null;
  emailVerified: boolean;
  tid: string | undefined;
}

/** What the domain needs from the identity provider (Firebase Auth in every deployment). */
export interface IdentityPort {
  verifyIdToken(token: string): Promise<VerifiedUser>;
  setTenantClaims(uid: string, claims: { tid: string; role: Role } | null): Promise<void>;
  ensureUser(email: string): Promise<{ uid: string; email: string; created: boolean }>;
  /** Resolves when the provider answers admin calls; what readiness asks. */
  check(): Promise<void>;
}

export interface Services {
  db: Database;
  directory: TenantDirectory;
  identity: IdentityPort;
  agentControl: AgentControl;
  /** Live events between roles and nodes: in-process, or Redis pub/sub with several nodes. Channels are `tenant:{id}:{topic}`. */
  bus: Bus;
  /** Durable background work (pipeline runs, schedules): in-process, or BullMQ on Redis shared by every worker process. */
  queue: JobQueue;
  /** What ingest stored, for the consumers that read it at their own pace (quality, lineage, alert rules, stream pipelines). */
  writtenTelemetry: WrittenTelemetryStream;
  /** Measurements, one database per tenant. */
  timeseries: TimeSeriesStore;
  /** What pipeline stages may reach outside: HTTP hosts, and the key their outbound signatures derive from. */
  outbound: { httpHosts: readonly string[]; signingKey: string };
  /** Files pipelines export and people download, under each tenant's own prefix. */
  objects: ObjectStorage;
  /** The SQL dialect `timeseries.query` speaks, told to people and models writing queries. */
  timeseriesDialect: 'duckdb' | 'influxdb3';
  /** Where people and agents reach this deployment, e.g. https://facilflow.example.com. */
  publicUrl: string;
  /** Quotas the domain enforces (the stores enforce their own). */
  limits: { tenantsPerUser: number };
  /** Validates specs and lists components; the component library's own when the composition gives none. */
  pipelineEngine?: PipelineEngine;
  /** The tenant whose owners and admins operate the deployment (FACILFLOW_OPERATOR_TENANT): only they drain run workers. */
  operatorTenantId?: string | undefined;
  /** Where each stored alert transition goes next (notifications); none when the composition gives none. */
  alertNotices?: AlertNoticeSink | undefined;
  now: () => Date;
}
