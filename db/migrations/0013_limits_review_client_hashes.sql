CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"reset_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "commissions" ADD COLUMN "review_reason" text;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "ip_hash" text;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "ua_hash" text;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "ip_hash" text;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "ua_hash" text;--> statement-breakpoint
CREATE INDEX "rate_limits_reset_idx" ON "rate_limits" USING btree ("reset_at");--> statement-breakpoint
CREATE INDEX "leads_ip_hash_idx" ON "leads" USING btree ("merchant_id","ip_hash");