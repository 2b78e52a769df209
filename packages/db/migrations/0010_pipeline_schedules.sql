CREATE TABLE "pipeline_schedules" (
	"tenant_id" text NOT NULL,
	"schedule_id" text NOT NULL,
	"pipeline_id" text NOT NULL,
	"paused_at" timestamp (3) with time zone NOT NULL,
	"paused_by" text NOT NULL,
	CONSTRAINT "pipeline_schedules_tenant_id_schedule_id_pk" PRIMARY KEY("tenant_id","schedule_id")
);
--> statement-breakpoint
ALTER TABLE "pipeline_schedules" ADD CONSTRAINT "pipeline_schedules_tenant_id_pipeline_id_pipelines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","pipeline_id") REFERENCES "public"."pipelines"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- When the pipeline was last started: firings before it do not count as missed (a stopped pipeline's triggers do not fire).
ALTER TABLE "pipelines" ADD COLUMN "started_at" timestamp (3) with time zone;
--> statement-breakpoint
UPDATE "pipelines" SET "started_at" = "updated_at" WHERE "status" = 'active';
--> statement-breakpoint
-- The cron firing a run was started for (`<scheduleId>@<fireAt>`): a firing delivered twice, or on two nodes, starts one run.
ALTER TABLE "pipeline_runs" ADD COLUMN "schedule_firing" text;
--> statement-breakpoint
CREATE UNIQUE INDEX "pipeline_runs_schedule_firing_unique" ON "pipeline_runs" USING btree ("tenant_id","schedule_firing");
--> statement-breakpoint
-- Same rule as every tenant-owned table: rows of the tenant set for the transaction, or the reviewed system scope.
GRANT SELECT, INSERT, UPDATE, DELETE ON pipeline_schedules TO facilflow_app;
--> statement-breakpoint
ALTER TABLE pipeline_schedules ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pipeline_schedules FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pipeline_schedules TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
