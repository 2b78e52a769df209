-- Alert rules, the alerts they raise and each alert's transitions (issue 12). Tenant rows are
-- isolated by RLS like every tenant table. One alert per rule and series is open at a time: the
-- partial unique index is what deduplicates them, also across engine restarts.
CREATE TABLE "alert_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"name" text NOT NULL,
	"measurement" text,
	"enabled" boolean NOT NULL,
	"spec" jsonb NOT NULL,
	"version" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "alert_rules_tenant_name_unique" ON "alert_rules" USING btree ("tenant_id","name");
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"rule_id" text NOT NULL,
	"rule_name" text NOT NULL,
	"rule_version" integer NOT NULL,
	"state" text NOT NULL,
	"severity" text NOT NULL,
	"priority" integer NOT NULL,
	"measurement" text,
	"field" text,
	"series" text NOT NULL,
	"tags" jsonb NOT NULL,
	"labels" jsonb NOT NULL,
	"summary" text NOT NULL,
	"value" double precision,
	"fired_at" timestamp (3) with time zone NOT NULL,
	"acknowledged_by" text,
	"acknowledged_at" timestamp (3) with time zone,
	"acknowledged_comment" text,
	"shelved_by" text,
	"shelved_at" timestamp (3) with time zone,
	"shelved_until" timestamp (3) with time zone,
	"shelved_reason" text,
	"resolved_by" text,
	"resolved_at" timestamp (3) with time zone,
	"resolved_comment" text,
	CONSTRAINT "alerts_state_check" CHECK ("state" IN ('firing', 'acknowledged', 'shelved', 'resolved')),
	-- The key a transition points at: a row of tenant B cannot name an alert of tenant A, even by id.
	CONSTRAINT "alerts_tenant_id_unique" UNIQUE ("tenant_id","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_per_series_unique" ON "alerts" USING btree ("tenant_id","rule_id","series") WHERE state <> 'resolved';
--> statement-breakpoint
CREATE INDEX "alerts_tenant_fired_idx" ON "alerts" USING btree ("tenant_id","fired_at");
--> statement-breakpoint
CREATE INDEX "alerts_tenant_rule_idx" ON "alerts" USING btree ("tenant_id","rule_id");
--> statement-breakpoint
CREATE TABLE "alert_transitions" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"alert_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"series" text NOT NULL,
	"transition" text NOT NULL,
	"actor" text,
	"comment" text,
	"value" double precision,
	"at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "alert_transitions_alert_fk" FOREIGN KEY ("tenant_id","alert_id") REFERENCES "alerts"("tenant_id","id") ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX "alert_transitions_alert_idx" ON "alert_transitions" USING btree ("alert_id","at");
--> statement-breakpoint
CREATE INDEX "alert_transitions_tenant_at_idx" ON "alert_transitions" USING btree ("tenant_id","transition","at");
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON alert_rules, alerts TO facilflow_app;
--> statement-breakpoint
-- Transitions are history: the application adds them, never changes them (they go with their alert's tenant).
GRANT SELECT, INSERT ON alert_transitions TO facilflow_app;
--> statement-breakpoint
ALTER TABLE alert_rules ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE alert_rules FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON alert_rules TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE alerts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE alerts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON alerts TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE alert_transitions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE alert_transitions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON alert_transitions TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
