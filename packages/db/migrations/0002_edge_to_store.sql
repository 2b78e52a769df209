CREATE TABLE "agents" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"enrollment_token_hash" text,
	"enrollment_expires_at" timestamp with time zone,
	"enrolled_at" timestamp with time zone,
	"mqtt_password_hash" text,
	"desired_config" jsonb NOT NULL,
	"desired_config_version" integer DEFAULT 0 NOT NULL,
	"applied_config_version" integer,
	"last_status" jsonb,
	"last_heartbeat" jsonb,
	"last_seen_at" timestamp with time zone,
	"hostname" text,
	"agent_version" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "data_sources" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"settings" jsonb NOT NULL,
	"tags" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dead_letters" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"agent_id" text,
	"topic" text NOT NULL,
	"codec" text NOT NULL,
	"reason" text NOT NULL,
	"details" jsonb,
	"payload" "bytea" NOT NULL,
	"payload_truncated" integer DEFAULT 0 NOT NULL,
	"received_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"replayed_at" timestamp with time zone,
	"replay_outcome" text
);
--> statement-breakpoint
CREATE TABLE "lineage_edges" (
	"tenant_id" text NOT NULL,
	"from_id" text NOT NULL,
	"to_id" text NOT NULL,
	"kind" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lineage_edges_tenant_id_from_id_to_id_pk" PRIMARY KEY("tenant_id","from_id","to_id")
);
--> statement-breakpoint
CREATE TABLE "lineage_nodes" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lineage_nodes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "measurement_schemas" (
	"tenant_id" text NOT NULL,
	"measurement" text NOT NULL,
	"version" integer NOT NULL,
	"description" text,
	"fields" jsonb NOT NULL,
	"required_tags" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measurement_schemas_tenant_id_measurement_version_pk" PRIMARY KEY("tenant_id","measurement","version")
);
--> statement-breakpoint
CREATE TABLE "quality_issues" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"measurement" text NOT NULL,
	"series" text NOT NULL,
	"field" text NOT NULL,
	"check" text NOT NULL,
	"severity" text NOT NULL,
	"message" text NOT NULL,
	"details" jsonb,
	"started_at" timestamp (3) with time zone NOT NULL,
	"last_seen_at" timestamp (3) with time zone NOT NULL,
	"ended_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "quality_scores" (
	"tenant_id" text NOT NULL,
	"measurement" text NOT NULL,
	"series" text NOT NULL,
	"field" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_seconds" integer NOT NULL,
	"score" real NOT NULL,
	"points" bigint NOT NULL,
	"counts" jsonb NOT NULL,
	CONSTRAINT "quality_scores_tenant_id_measurement_series_field_window_start_window_seconds_pk" PRIMARY KEY("tenant_id","measurement","series","field","window_start","window_seconds")
);
--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_tenant_id_tenants_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("tenant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_sources" ADD CONSTRAINT "data_sources_tenant_id_tenants_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("tenant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_sources" ADD CONSTRAINT "data_sources_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dead_letters" ADD CONSTRAINT "dead_letters_tenant_id_tenants_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("tenant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage_edges" ADD CONSTRAINT "lineage_edges_tenant_id_tenants_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("tenant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage_nodes" ADD CONSTRAINT "lineage_nodes_tenant_id_tenants_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("tenant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurement_schemas" ADD CONSTRAINT "measurement_schemas_tenant_id_tenants_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("tenant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_issues" ADD CONSTRAINT "quality_issues_tenant_id_tenants_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("tenant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_scores" ADD CONSTRAINT "quality_scores_tenant_id_tenants_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("tenant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agents_tenant_idx" ON "agents" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "agents_tenant_name_unique" ON "agents" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "data_sources_tenant_idx" ON "data_sources" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "data_sources_agent_key_unique" ON "data_sources" USING btree ("agent_id","key");--> statement-breakpoint
CREATE INDEX "dead_letters_tenant_received_idx" ON "dead_letters" USING btree ("tenant_id","received_at");--> statement-breakpoint
CREATE INDEX "lineage_edges_to_idx" ON "lineage_edges" USING btree ("tenant_id","to_id");--> statement-breakpoint
CREATE INDEX "quality_issues_tenant_open_idx" ON "quality_issues" USING btree ("tenant_id","ended_at");--> statement-breakpoint
CREATE INDEX "quality_issues_series_idx" ON "quality_issues" USING btree ("tenant_id","measurement","field");