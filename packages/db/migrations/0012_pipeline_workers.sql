-- Run workers are platform infrastructure, not tenant data: no tenant_id. Row-level security
-- admits the reviewed system scope only, so no tenant session reads them; what a tenant may learn
-- about a worker is decided by the operations that read these rows.
CREATE TABLE "pipeline_workers" (
	"id" text PRIMARY KEY NOT NULL,
	"cluster" text NOT NULL,
	"capacity" integer NOT NULL,
	"labels" jsonb NOT NULL,
	"version" text NOT NULL,
	"host" text NOT NULL,
	"pid" integer NOT NULL,
	"state" text NOT NULL,
	"heartbeat_interval_ms" integer NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"heartbeat_at" timestamp (3) with time zone NOT NULL,
	"drain_requested_at" timestamp (3) with time zone,
	"stopped_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE INDEX "pipeline_workers_cluster_idx" ON "pipeline_workers" USING btree ("cluster","state");
--> statement-breakpoint
-- Fair share's round robin: when each tenant last had a run claimed on each cluster.
CREATE TABLE "pipeline_cluster_turns" (
	"cluster" text NOT NULL,
	"tenant_id" text NOT NULL,
	"claimed_at" timestamp (3) with time zone NOT NULL,
	"claims" integer NOT NULL,
	CONSTRAINT "pipeline_cluster_turns_pk" PRIMARY KEY("cluster","tenant_id")
);
--> statement-breakpoint
CREATE INDEX "pipeline_runs_queued_idx" ON "pipeline_runs" USING btree ("created_at","id") WHERE status = 'queued';
--> statement-breakpoint
CREATE INDEX "pipeline_runs_worker_idx" ON "pipeline_runs" USING btree ("worker_id") WHERE status IN ('running', 'paused', 'waiting_approval');
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON pipeline_workers, pipeline_cluster_turns TO facilflow_app;
--> statement-breakpoint
ALTER TABLE pipeline_workers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pipeline_workers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY system_only ON pipeline_workers TO facilflow_app
  USING (current_setting('app.scope', true) = 'system')
  WITH CHECK (current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE pipeline_cluster_turns ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pipeline_cluster_turns FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY system_only ON pipeline_cluster_turns TO facilflow_app
  USING (current_setting('app.scope', true) = 'system')
  WITH CHECK (current_setting('app.scope', true) = 'system');
