ALTER TABLE "pipeline_runs" ADD COLUMN "worker_id" text;--> statement-breakpoint
ALTER TABLE "pipeline_runs" ADD COLUMN "lease_until" timestamp (3) with time zone;
--> statement-breakpoint
ALTER TABLE "pipeline_runs" ADD COLUMN "replay_inputs" jsonb;
