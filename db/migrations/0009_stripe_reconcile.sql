ALTER TABLE "stripe_connections" ADD COLUMN "reconciled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stripe_connections" ADD COLUMN "reconcile_found" integer;--> statement-breakpoint
ALTER TABLE "stripe_connections" ADD COLUMN "reconcile_applied" integer;--> statement-breakpoint
ALTER TABLE "stripe_connections" ADD COLUMN "reconcile_failed" integer;--> statement-breakpoint
ALTER TABLE "stripe_connections" ADD COLUMN "reconcile_error" text;--> statement-breakpoint
ALTER TABLE "stripe_connections" ADD COLUMN "reconcile_high_water" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stripe_connections" ADD COLUMN "reconcile_locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stripe_connections" ADD COLUMN "reconcile_lock_token" text;--> statement-breakpoint
CREATE INDEX "stripe_events_skipped_idx" ON "stripe_events" USING btree ("merchant_id","received_at") WHERE "stripe_events"."status" = 'skipped';