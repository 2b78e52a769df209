-- The rows a run was handed (a webhook's payload), read by its `control.input` stages.
ALTER TABLE "pipeline_runs" ADD COLUMN "input" jsonb;
