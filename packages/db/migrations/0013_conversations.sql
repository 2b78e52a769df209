-- Jarvis's conversations, each a person's own within a tenant, with their messages (tool
-- calls and results kept bounded). Tenant rows isolated by RLS like every tenant table; the
-- owner is checked by every query, as the owner is the caller's verified actor.
CREATE TABLE "conversations" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"owner_id" text NOT NULL,
	"title" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "conversations_tenant_owner_idx" ON "conversations" USING btree ("tenant_id","owner_id","updated_at");
--> statement-breakpoint
CREATE TABLE "conversation_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"conversation_id" text NOT NULL REFERENCES "conversations"("id") ON DELETE cascade,
	"seq" integer NOT NULL,
	"role" text NOT NULL,
	"text" text NOT NULL,
	"tool_calls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"receipt" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_messages_conversation_idx" ON "conversation_messages" USING btree ("conversation_id","seq");
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON conversations, conversation_messages TO facilflow_app;
--> statement-breakpoint
ALTER TABLE conversations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE conversations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON conversations TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE conversation_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE conversation_messages FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON conversation_messages TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
-- The audit log's conversation (added with the approvals, 0011) is written with the record and
-- never changed after: the completion trigger now holds this column too.
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
      NEW.operation, NEW.effect, NEW.input, NEW.input_digest, NEW.input_truncated, NEW.conversation_id)
     IS DISTINCT FROM
     (OLD.id, OLD.tenant_id, OLD.at, OLD.actor_type, OLD.actor_id, OLD.actor_label, OLD.front,
      OLD.operation, OLD.effect, OLD.input, OLD.input_digest, OLD.input_truncated, OLD.conversation_id) THEN
    RAISE EXCEPTION 'audit_log: completing a record may change only its outcome, error code and duration'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
