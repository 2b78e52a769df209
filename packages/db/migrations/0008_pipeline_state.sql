CREATE TABLE "pipeline_schedule_firings" (
	"tenant_id" text NOT NULL,
	"schedule_id" text NOT NULL,
	"pipeline_id" text NOT NULL,
	"last_fired_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "pipeline_schedule_firings_tenant_id_schedule_id_pk" PRIMARY KEY("tenant_id","schedule_id")
);
--> statement-breakpoint
CREATE TABLE "pipeline_stream_states" (
	"tenant_id" text NOT NULL,
	"pipeline_id" text NOT NULL,
	"version" integer NOT NULL,
	"checkpoint" jsonb NOT NULL,
	"batches" bigint DEFAULT 0 NOT NULL,
	"rows_in" bigint DEFAULT 0 NOT NULL,
	"rows_out" bigint DEFAULT 0 NOT NULL,
	"last_error" jsonb,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "pipeline_stream_states_tenant_id_pipeline_id_pk" PRIMARY KEY("tenant_id","pipeline_id")
);
--> statement-breakpoint
ALTER TABLE "pipeline_schedule_firings" ADD CONSTRAINT "pipeline_schedule_firings_tenant_id_pipeline_id_pipelines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","pipeline_id") REFERENCES "public"."pipelines"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_stream_states" ADD CONSTRAINT "pipeline_stream_states_tenant_id_pipeline_id_pipelines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","pipeline_id") REFERENCES "public"."pipelines"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Same rule as every tenant-owned table: rows of the tenant set for the transaction, or the reviewed system scope.
GRANT SELECT, INSERT, UPDATE, DELETE ON pipeline_stream_states, pipeline_schedule_firings TO facilflow_app;
--> statement-breakpoint
ALTER TABLE pipeline_stream_states ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pipeline_stream_states FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pipeline_stream_states TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE pipeline_schedule_firings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pipeline_schedule_firings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pipeline_schedule_firings TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
