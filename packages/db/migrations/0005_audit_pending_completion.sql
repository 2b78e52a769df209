-- A write is recorded as `pending` before its effect and completed after it, so a failed
-- audit insert stops the write instead of letting it stand unrecorded. Completing is the one
-- change the application may make to the log: only these three columns, only on a pending
-- row, only once. Everything else stays append-only (no DELETE grant, no other columns).
GRANT UPDATE (outcome, error_code, duration_ms) ON audit_log TO facilflow_app;
--> statement-breakpoint
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
  -- The column grant already confines the application role; this holds for every role.
  IF (NEW.id, NEW.tenant_id, NEW.at, NEW.actor_type, NEW.actor_id, NEW.actor_label, NEW.front,
      NEW.operation, NEW.effect, NEW.input, NEW.input_digest, NEW.input_truncated)
     IS DISTINCT FROM
     (OLD.id, OLD.tenant_id, OLD.at, OLD.actor_type, OLD.actor_id, OLD.actor_label, OLD.front,
      OLD.operation, OLD.effect, OLD.input, OLD.input_digest, OLD.input_truncated) THEN
    RAISE EXCEPTION 'audit_log: completing a record may change only its outcome, error code and duration'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_only_complete_pending BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_only_complete_pending();
