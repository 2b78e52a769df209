ALTER TABLE "audit_log" ADD COLUMN "input_digest" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "input_truncated" boolean DEFAULT false NOT NULL;