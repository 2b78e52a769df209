-- Data governance: retention of telemetry per measurement (and a tenant default), the audit
-- log's retention, and classification labels on measurements and fields. Tenant rows
-- isolated by RLS like every tenant table.
CREATE TABLE "governance_settings" (
	"tenant_id" text PRIMARY KEY NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"default_retention_days" integer CHECK ("default_retention_days" > 0),
	"audit_retention_days" integer DEFAULT 365 NOT NULL CHECK ("audit_retention_days" >= 30),
	"label_min_roles" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measurement_retention" (
	"tenant_id" text NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"measurement" text NOT NULL,
	"retention_days" integer NOT NULL CHECK ("retention_days" > 0),
	PRIMARY KEY ("tenant_id", "measurement")
);
--> statement-breakpoint
CREATE TABLE "data_classifications" (
	"tenant_id" text NOT NULL REFERENCES "tenants"("tenant_id") ON DELETE cascade,
	"measurement" text NOT NULL,
	"field" text NOT NULL,
	"label" text NOT NULL CHECK ("label" IN ('public', 'internal', 'confidential', 'restricted')),
	PRIMARY KEY ("tenant_id", "measurement", "field")
);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON governance_settings, measurement_retention, data_classifications TO facilflow_app;
--> statement-breakpoint
ALTER TABLE governance_settings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE governance_settings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON governance_settings TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE measurement_retention ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE measurement_retention FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON measurement_retention TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE data_classifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE data_classifications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON data_classifications TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
-- The audit log stays append-only for the application: the one way records leave it is this
-- function, which deletes only the calling tenant's records, and only those older than the
-- tenant's own audit retention counted from the database's clock (never less than 30 days),
-- so no caller can shorten the log beyond what an admin set. Returns how many it deleted.
CREATE OR REPLACE FUNCTION audit_log_expire(p_tenant text, p_before timestamptz) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_days integer;
  v_deleted integer;
BEGIN
  IF p_tenant IS NULL OR p_tenant IS DISTINCT FROM current_setting('app.tenant_id', true) THEN
    RAISE EXCEPTION 'audit_log_expire: only the tenant of the transaction may expire its records'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT audit_retention_days INTO v_days FROM governance_settings WHERE tenant_id = p_tenant;
  v_days := GREATEST(COALESCE(v_days, 365), 30);
  IF p_before > now() - make_interval(days => v_days) THEN
    RAISE EXCEPTION 'audit_log_expire: records younger than the tenant''s audit retention (% days) are kept', v_days
      USING ERRCODE = 'check_violation';
  END IF;
  DELETE FROM audit_log WHERE tenant_id = p_tenant AND at < p_before;
  GET DIAGNOSTICS v_deleted = ROW_COUNT;
  RETURN v_deleted;
END;
$$;
--> statement-breakpoint
-- audit_log forces row-level security on its owner too: on a PostgreSQL whose migration role is
-- no superuser, the function (running as that owner) needs a policy of its own to delete, and
-- only the transaction's tenant's records.
CREATE POLICY audit_expiry ON audit_log FOR DELETE TO CURRENT_USER
  USING (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_log_expire(text, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION audit_log_expire(text, timestamptz) TO facilflow_app;
