CREATE TABLE "quality_series_windows" (
	"tenant_id" text NOT NULL,
	"measurement" text NOT NULL,
	"series" text NOT NULL,
	"field" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_seconds" integer NOT NULL,
	"points" bigint NOT NULL,
	"clean" bigint NOT NULL,
	"flagged_range" integer DEFAULT 0 NOT NULL,
	"flagged_null" integer DEFAULT 0 NOT NULL,
	"flagged_missing" integer DEFAULT 0 NOT NULL,
	"flagged_freshness" integer DEFAULT 0 NOT NULL,
	"flagged_flatline" integer DEFAULT 0 NOT NULL,
	"flagged_spike" integer DEFAULT 0 NOT NULL,
	"flagged_rate" integer DEFAULT 0 NOT NULL,
	"flagged_drift" integer DEFAULT 0 NOT NULL,
	"score" real NOT NULL,
	CONSTRAINT "quality_series_windows_tenant_id_measurement_series_field_window_start_window_seconds_pk" PRIMARY KEY("tenant_id","measurement","series","field","window_start","window_seconds")
);
--> statement-breakpoint
CREATE TABLE "quality_window_scores" (
	"tenant_id" text NOT NULL,
	"measurement" text NOT NULL,
	"field" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_seconds" integer NOT NULL,
	"series_count" integer NOT NULL,
	"points" bigint NOT NULL,
	"clean" bigint NOT NULL,
	"flagged_range" integer DEFAULT 0 NOT NULL,
	"flagged_null" integer DEFAULT 0 NOT NULL,
	"flagged_missing" integer DEFAULT 0 NOT NULL,
	"flagged_freshness" integer DEFAULT 0 NOT NULL,
	"flagged_flatline" integer DEFAULT 0 NOT NULL,
	"flagged_spike" integer DEFAULT 0 NOT NULL,
	"flagged_rate" integer DEFAULT 0 NOT NULL,
	"flagged_drift" integer DEFAULT 0 NOT NULL,
	"score" real NOT NULL,
	CONSTRAINT "quality_window_scores_tenant_id_measurement_field_window_start_window_seconds_pk" PRIMARY KEY("tenant_id","measurement","field","window_start","window_seconds")
);
--> statement-breakpoint
ALTER TABLE "quality_series_windows" ADD CONSTRAINT "quality_series_windows_tenant_id_tenants_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("tenant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_window_scores" ADD CONSTRAINT "quality_window_scores_tenant_id_tenants_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("tenant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quality_series_windows_start_idx" ON "quality_series_windows" USING btree ("tenant_id","window_start");--> statement-breakpoint
CREATE INDEX "quality_window_scores_start_idx" ON "quality_window_scores" USING btree ("tenant_id","window_start");
--> statement-breakpoint
-- Scores move from one row per (series, field, window) to one per (measurement, field, window)
-- plus a series row only for windows a check flagged: the rows people read, a few percent of the writes.
INSERT INTO "quality_window_scores" ("tenant_id", "measurement", "field", "window_start", "window_seconds", "series_count", "points", "clean",
  "flagged_range", "flagged_null", "flagged_missing", "flagged_freshness", "flagged_flatline", "flagged_spike", "flagged_rate", "flagged_drift", "score")
SELECT "tenant_id", "measurement", "field", "window_start", "window_seconds", count(*)::int, sum("points"), sum(coalesce(("counts"->>'clean')::bigint, 0)),
  sum(coalesce(("counts"->>'range')::int, 0)), sum(coalesce(("counts"->>'null')::int, 0)), sum(coalesce(("counts"->>'missing')::int, 0)),
  sum(coalesce(("counts"->>'freshness')::int, 0)), sum(coalesce(("counts"->>'flatline')::int, 0)), sum(coalesce(("counts"->>'spike')::int, 0)),
  sum(coalesce(("counts"->>'rate')::int, 0)), sum(coalesce(("counts"->>'drift')::int, 0)),
  sum(coalesce(("counts"->>'clean')::float8, 0)) / greatest(sum("points")::float8, 1)
FROM "quality_scores"
GROUP BY "tenant_id", "measurement", "field", "window_start", "window_seconds";
--> statement-breakpoint
INSERT INTO "quality_series_windows" ("tenant_id", "measurement", "series", "field", "window_start", "window_seconds", "points", "clean",
  "flagged_range", "flagged_null", "flagged_missing", "flagged_freshness", "flagged_flatline", "flagged_spike", "flagged_rate", "flagged_drift", "score")
SELECT "tenant_id", "measurement", "series", "field", "window_start", "window_seconds", "points", coalesce(("counts"->>'clean')::bigint, 0),
  coalesce(("counts"->>'range')::int, 0), coalesce(("counts"->>'null')::int, 0), coalesce(("counts"->>'missing')::int, 0),
  coalesce(("counts"->>'freshness')::int, 0), coalesce(("counts"->>'flatline')::int, 0), coalesce(("counts"->>'spike')::int, 0),
  coalesce(("counts"->>'rate')::int, 0), coalesce(("counts"->>'drift')::int, 0), "score"
FROM "quality_scores"
WHERE coalesce(("counts"->>'clean')::bigint, 0) < "points";
--> statement-breakpoint
DROP TABLE "quality_scores";
--> statement-breakpoint
-- Same rule as every tenant-owned table: rows of the tenant set for the transaction, or the reviewed system scope.
GRANT SELECT, INSERT, UPDATE, DELETE ON quality_window_scores, quality_series_windows TO facilflow_app;
--> statement-breakpoint
ALTER TABLE quality_window_scores ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE quality_window_scores FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON quality_window_scores TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
--> statement-breakpoint
ALTER TABLE quality_series_windows ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE quality_series_windows FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON quality_series_windows TO facilflow_app
  USING (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system')
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true) OR current_setting('app.scope', true) = 'system');
