-- Per-tenant policies the runtime evaluates before a call (ALLOW / DENY / REQUIRE_APPROVAL), the
-- violations they record, approvals that need several approvers of a least role, the policy an
-- audit record names, and labels on measurement schemas for policies to match.
CREATE TABLE "policies" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"name" text NOT NULL,
	"effect" text NOT NULL,
	"reason" text,
	"match" jsonb NOT NULL,
	"approval" jsonb,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "policies_tenant_name_unique" ON "policies" USING btree ("tenant_id","name");
--> statement-breakpoint
CREATE TABLE "policy_violations" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"at" timestamp (3) with time zone NOT NULL,
	"policy_id" text NOT NULL,
	"policy_name" text NOT NULL,
	"effect" text NOT NULL,
	"operation" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_label" text,
	"front" text NOT NULL,
	"input_digest" text NOT NULL,
	"outcome" text NOT NULL,
	"approval_id" text
);
--> statement-breakpoint
CREATE INDEX "policy_violations_tenant_at_idx" ON "policy_violations" USING btree ("tenant_id","at","id");
--> statement-breakpoint
CREATE INDEX "policy_violations_tenant_policy_idx" ON "policy_violations" USING btree ("tenant_id","policy_id");
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON policies TO facilflow_app;
--> statement-breakpoint
-- Violations are a record of what happened: the application appends and reads, never changes or deletes.
GRANT SELECT, INSERT ON policy_violations TO facilflow_app;
--> statement-breakpoint
ALTER TABLE policies ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE policies FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON policies TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE policy_violations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE policy_violations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON policy_violations TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE "approvals" ADD COLUMN "policy" jsonb;
--> statement-breakpoint
ALTER TABLE "approvals" ADD COLUMN "required_approvals" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
ALTER TABLE "approvals" ADD COLUMN "approver_role" text;
--> statement-breakpoint
ALTER TABLE "approvals" ADD COLUMN "approvers" jsonb DEFAULT '[]'::jsonb NOT NULL;
--> statement-breakpoint
-- Written with the record; the column grant of 0005 already keeps completion from changing it.
ALTER TABLE "audit_log" ADD COLUMN "policy" jsonb;
--> statement-breakpoint
ALTER TABLE "measurement_schemas" ADD COLUMN "labels" jsonb DEFAULT '[]'::jsonb NOT NULL;
--> statement-breakpoint
-- The policy is written with the record and never changed after: the completion trigger holds it too.
CREATE OR REPLACE FUNCTION audit_log_only_complete_pending() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.outcome IS DISTINCT FROM 'pending' THEN
    RAISE EXCEPTION 'audit_log is append-only: record % is already complete', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.outcome NOT IN ('ok', 'error') THEN
    RAISE EXCEPTION 'audit_log: a pending record can only be completed as ok or error'
      USING ERRCODE = 'check_violation';
  END IF;
  IF (NEW.id, NEW.tenant_id, NEW.at, NEW.actor_type, NEW.actor_id, NEW.actor_label, NEW.front,
      NEW.operation, NEW.effect, NEW.input, NEW.input_digest, NEW.input_truncated, NEW.conversation_id, NEW.policy)
     IS DISTINCT FROM
     (OLD.id, OLD.tenant_id, OLD.at, OLD.actor_type, OLD.actor_id, OLD.actor_label, OLD.front,
      OLD.operation, OLD.effect, OLD.input, OLD.input_digest, OLD.input_truncated, OLD.conversation_id, OLD.policy) THEN
    RAISE EXCEPTION 'audit_log: completing a record may change only its outcome, error code and duration'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
