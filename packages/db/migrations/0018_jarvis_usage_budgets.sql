-- Jarvis's metering and budgets: a row per model request with its tokens and cost, each
-- tenant's monthly limits, and the budget warnings sent (once per month and limit). Tenant rows
-- isolated by RLS like every tenant table. Costs are integers in billionths of a US dollar.
CREATE TABLE "jarvis_usage" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"conversation_id" text NOT NULL,
	"user_id" text NOT NULL,
	"model" text NOT NULL,
	"input_tokens" integer NOT NULL,
	"output_tokens" integer NOT NULL,
	"cache_read_tokens" integer NOT NULL,
	"cache_write_tokens" integer NOT NULL,
	"cost_nano_usd" bigint,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "jarvis_usage_tenant_at_idx" ON "jarvis_usage" USING btree ("tenant_id","at");
--> statement-breakpoint
CREATE INDEX "jarvis_usage_tenant_conversation_idx" ON "jarvis_usage" USING btree ("tenant_id","conversation_id","at");
--> statement-breakpoint
CREATE INDEX "jarvis_usage_tenant_user_idx" ON "jarvis_usage" USING btree ("tenant_id","user_id","at");
--> statement-breakpoint
CREATE TABLE "jarvis_budgets" (
	"tenant_id" text PRIMARY KEY NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"monthly_token_limit" bigint,
	"monthly_cost_limit_nano_usd" bigint,
	"warn_ratio" double precision DEFAULT 0.8 NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "jarvis_budgets_warn_ratio_check" CHECK ("warn_ratio" > 0 AND "warn_ratio" < 1),
	CONSTRAINT "jarvis_budgets_limits_check" CHECK (("monthly_token_limit" IS NULL OR "monthly_token_limit" > 0) AND ("monthly_cost_limit_nano_usd" IS NULL OR "monthly_cost_limit_nano_usd" > 0))
);
--> statement-breakpoint
CREATE TABLE "jarvis_budget_warnings" (
	"tenant_id" text NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"month" text NOT NULL,
	"kind" text NOT NULL,
	"limit_value" bigint NOT NULL,
	"sent_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "jarvis_budget_warnings_pk" PRIMARY KEY ("tenant_id","month","kind","limit_value")
);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON jarvis_usage, jarvis_budgets, jarvis_budget_warnings TO facilflow_app;
--> statement-breakpoint
ALTER TABLE jarvis_usage ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE jarvis_usage FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON jarvis_usage TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE jarvis_budgets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE jarvis_budgets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON jarvis_budgets TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE jarvis_budget_warnings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE jarvis_budget_warnings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON jarvis_budget_warnings TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
