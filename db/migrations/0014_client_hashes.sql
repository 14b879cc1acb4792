ALTER TABLE "leads" ADD COLUMN "ip_hash" text;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "ua_hash" text;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "ip_hash" text;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "ua_hash" text;--> statement-breakpoint
CREATE INDEX "leads_ip_hash_idx" ON "leads" USING btree ("merchant_id","ip_hash");