CREATE TABLE "coupon_sync_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"total" integer,
	"started_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"prepared_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "affiliates" ADD COLUMN "stripe_coupon_id" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "locked_by" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "rerun" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "stripe_connections" ADD COLUMN "affiliate_coupon_id" text;--> statement-breakpoint
ALTER TABLE "stripe_connections" ADD COLUMN "affiliate_coupon_spec" text;--> statement-breakpoint
ALTER TABLE "stripe_connections" ADD COLUMN "affiliate_coupon_generation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "coupon_sync_runs_merchant_idx" ON "coupon_sync_runs" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "affiliates_promotion_code_idx" ON "affiliates" USING btree ("merchant_id","stripe_promotion_code_id");