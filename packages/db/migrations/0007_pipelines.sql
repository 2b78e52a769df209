CREATE TABLE "backfill_slices" (
	"tenant_id" text NOT NULL,
	"pipeline_id" text NOT NULL,
	"version" integer NOT NULL,
	"slice_from" timestamp (3) with time zone NOT NULL,
	"slice_to" timestamp (3) with time zone NOT NULL,
	"run_id" text NOT NULL,
	CONSTRAINT "backfill_slices_pipeline_id_version_slice_from_slice_to_pk" PRIMARY KEY("pipeline_id","version","slice_from","slice_to")
);
--> statement-breakpoint
CREATE TABLE "pipeline_kept_outputs" (
	"tenant_id" text NOT NULL,
	"run_id" text NOT NULL,
	"stage_id" text NOT NULL,
	"rows" jsonb NOT NULL,
	"ports" jsonb NOT NULL,
	"row_count" integer NOT NULL,
	"bytes" integer NOT NULL,
	"kept_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "pipeline_kept_outputs_run_id_stage_id_pk" PRIMARY KEY("run_id","stage_id")
);
--> statement-breakpoint
CREATE TABLE "pipeline_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"pipeline_id" text NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"trigger" text NOT NULL,
	"range_from" timestamp (3) with time zone,
	"range_to" timestamp (3) with time zone,
	"params" jsonb NOT NULL,
	"replay_of_run_id" text,
	"replay_from_stage" text,
	"error" jsonb,
	"triggered_by" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"started_at" timestamp (3) with time zone,
	"ended_at" timestamp (3) with time zone,
	CONSTRAINT "pipeline_runs_tenant_id_unique" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "pipeline_steps" (
	"tenant_id" text NOT NULL,
	"run_id" text NOT NULL,
	"stage_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"status" text NOT NULL,
	"rows_in" integer NOT NULL,
	"rows_out" integer NOT NULL,
	"input_sample" jsonb NOT NULL,
	"output_sample" jsonb NOT NULL,
	"error" jsonb,
	"started_at" timestamp (3) with time zone,
	"ended_at" timestamp (3) with time zone,
	"duration_ms" real,
	CONSTRAINT "pipeline_steps_run_id_stage_id_attempt_pk" PRIMARY KEY("run_id","stage_id","attempt")
);
--> statement-breakpoint
CREATE TABLE "pipeline_versions" (
	"tenant_id" text NOT NULL,
	"pipeline_id" text NOT NULL,
	"version" integer NOT NULL,
	"spec" jsonb NOT NULL,
	"note" text,
	"copied_from" integer,
	"published_by" text NOT NULL,
	"published_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "pipeline_versions_pipeline_id_version_pk" PRIMARY KEY("pipeline_id","version"),
	CONSTRAINT "pipeline_versions_tenant_version_unique" UNIQUE("tenant_id","pipeline_id","version")
);
--> statement-breakpoint
CREATE TABLE "pipelines" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"status" text NOT NULL,
	"draft_spec" jsonb NOT NULL,
	"latest_version" integer,
	"webhook_secret_hash" text,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "pipelines_tenant_id_unique" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "backfill_slices" ADD CONSTRAINT "backfill_slices_run_fk" FOREIGN KEY ("tenant_id","run_id") REFERENCES "public"."pipeline_runs"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_kept_outputs" ADD CONSTRAINT "pipeline_kept_outputs_run_fk" FOREIGN KEY ("tenant_id","run_id") REFERENCES "public"."pipeline_runs"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_runs" ADD CONSTRAINT "pipeline_runs_version_fk" FOREIGN KEY ("tenant_id","pipeline_id","version") REFERENCES "public"."pipeline_versions"("tenant_id","pipeline_id","version") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_steps" ADD CONSTRAINT "pipeline_steps_run_fk" FOREIGN KEY ("tenant_id","run_id") REFERENCES "public"."pipeline_runs"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_versions" ADD CONSTRAINT "pipeline_versions_pipeline_fk" FOREIGN KEY ("tenant_id","pipeline_id") REFERENCES "public"."pipelines"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipelines" ADD CONSTRAINT "pipelines_tenant_id_tenants_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("tenant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pipeline_runs_tenant_created_idx" ON "pipeline_runs" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "pipeline_runs_pipeline_created_idx" ON "pipeline_runs" USING btree ("tenant_id","pipeline_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "pipelines_tenant_name_unique" ON "pipelines" USING btree ("tenant_id","name") WHERE status <> 'archived';--> statement-breakpoint
CREATE INDEX "pipelines_tenant_updated_idx" ON "pipelines" USING btree ("tenant_id","updated_at","id");
--> statement-breakpoint
-- Same rule as every tenant-owned table: rows of the tenant set for the transaction, or the reviewed system scope.
-- A published version is immutable: the application inserts and reads versions, and only deleting the pipeline removes them.
GRANT SELECT, INSERT, UPDATE, DELETE ON pipelines, pipeline_runs, pipeline_steps, pipeline_kept_outputs, backfill_slices TO facilflow_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON pipeline_versions TO facilflow_app;
--> statement-breakpoint
ALTER TABLE pipelines ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pipelines FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pipelines TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE pipeline_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pipeline_versions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pipeline_versions TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE pipeline_runs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pipeline_runs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pipeline_runs TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE pipeline_steps ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pipeline_steps FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pipeline_steps TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE pipeline_kept_outputs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pipeline_kept_outputs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pipeline_kept_outputs TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE backfill_slices ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE backfill_slices FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON backfill_slices TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
