-- Notifications (issue 12): channels, the routing policy, silences, maintenance windows,
-- outgoing webhook subscriptions, the delivery outbox/log and the follow-up state of firing
-- alerts (repeat, escalation). Every table is a tenant table under row-level security; the
-- dispatcher claims due deliveries across tenants through a named system scope.
CREATE TABLE "notification_channels" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"settings" jsonb NOT NULL,
	"secret" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "notification_channels_tenant_idx" ON "notification_channels" USING btree ("tenant_id");
--> statement-breakpoint
CREATE TABLE "notification_policies" (
	"tenant_id" text PRIMARY KEY NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"policy" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_silences" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"matcher" jsonb NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	"created_by" text NOT NULL,
	"comment" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "notification_silences_tenant_idx" ON "notification_silences" USING btree ("tenant_id","ends_at");
--> statement-breakpoint
CREATE TABLE "maintenance_windows" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"name" text NOT NULL,
	"matcher" jsonb NOT NULL,
	"schedule" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "maintenance_windows_tenant_idx" ON "maintenance_windows" USING btree ("tenant_id");
--> statement-breakpoint
CREATE TABLE "webhook_subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"events" jsonb NOT NULL,
	"secret" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "webhook_subscriptions_tenant_idx" ON "webhook_subscriptions" USING btree ("tenant_id");
--> statement-breakpoint
CREATE TABLE "notification_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"target_kind" text NOT NULL,
	"target_id" text NOT NULL,
	"event_type" text NOT NULL,
	"event_id" text NOT NULL,
	"reason" text NOT NULL,
	"summary" text NOT NULL,
	"body" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone,
	"claimed_until" timestamp (3) with time zone,
	"last_status_code" integer,
	"last_error" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"delivered_at" timestamp (3) with time zone,
	"redelivery_of" text
);
--> statement-breakpoint
CREATE INDEX "notification_deliveries_due_idx" ON "notification_deliveries" USING btree ("status","next_attempt_at");
--> statement-breakpoint
CREATE INDEX "notification_deliveries_tenant_idx" ON "notification_deliveries" USING btree ("tenant_id","created_at");
--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_once_idx" ON "notification_deliveries" USING btree ("tenant_id","target_kind","target_id","event_id","reason") WHERE "redelivery_of" is null;
--> statement-breakpoint
CREATE TABLE "alert_notification_states" (
	"tenant_id" text NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"alert_id" text NOT NULL,
	"notice" jsonb NOT NULL,
	"status" text NOT NULL,
	"fired_at" timestamp (3) with time zone NOT NULL,
	"notified_at" jsonb NOT NULL,
	"escalated" jsonb NOT NULL,
	"next_follow_up_at" timestamp (3) with time zone,
	PRIMARY KEY ("tenant_id", "alert_id")
);
--> statement-breakpoint
CREATE INDEX "alert_notification_states_due_idx" ON "alert_notification_states" USING btree ("next_follow_up_at");
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON notification_channels, notification_policies, notification_silences, maintenance_windows, webhook_subscriptions, notification_deliveries, alert_notification_states TO facilflow_app;
--> statement-breakpoint
ALTER TABLE notification_channels ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notification_channels FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON notification_channels TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE notification_policies ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notification_policies FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON notification_policies TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE notification_silences ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notification_silences FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON notification_silences TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE maintenance_windows ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE maintenance_windows FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON maintenance_windows TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE webhook_subscriptions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE webhook_subscriptions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON webhook_subscriptions TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE notification_deliveries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notification_deliveries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON notification_deliveries TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE alert_notification_states ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE alert_notification_states FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON alert_notification_states TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
