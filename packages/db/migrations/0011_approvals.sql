CREATE TABLE "approvals" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"operation" text NOT NULL,
	"input_digest" text NOT NULL,
	"input" jsonb NOT NULL,
	"plan" text NOT NULL,
	"requester_actor_id" text NOT NULL,
	"requester_label" text,
	"requester_key_id" text,
	"requester_front" text NOT NULL,
	"requester_conversation_id" text,
	"status" text NOT NULL,
	"decided_by" text,
	"decided_via" text,
	"decided_at" timestamp (3) with time zone,
	"reason" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"applied_at" timestamp (3) with time zone,
	"result" jsonb
);
--> statement-breakpoint
CREATE INDEX "approvals_tenant_created_idx" ON "approvals" USING btree ("tenant_id","created_at","id");
--> statement-breakpoint
-- One open request per caller and exact call: asking again returns it instead of piling up copies.
CREATE UNIQUE INDEX "approvals_pending_call_unique" ON "approvals" USING btree ("tenant_id","operation","input_digest","requester_actor_id") WHERE status = 'pending';
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "automation" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "conversation_id" text;
--> statement-breakpoint
-- Same rule as every tenant-owned table: rows of the tenant set for the transaction, or the reviewed system scope.
GRANT SELECT, INSERT, UPDATE ON approvals TO facilflow_app;
--> statement-breakpoint
ALTER TABLE approvals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE approvals FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON approvals TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
