-- A pipeline's approval gate asks on the same table: the run and stage it holds, so a worker taking the run over finds the same request.
ALTER TABLE "approvals" ADD COLUMN "run_id" text;
--> statement-breakpoint
ALTER TABLE "approvals" ADD COLUMN "stage_id" text;
--> statement-breakpoint
-- Two workers asking for the same gate at once file one request.
CREATE UNIQUE INDEX "approvals_pending_gate_unique" ON "approvals" USING btree ("tenant_id","run_id","stage_id") WHERE status = 'pending' AND run_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "approvals_gate_idx" ON "approvals" USING btree ("tenant_id","run_id","stage_id","created_at") WHERE run_id IS NOT NULL;
