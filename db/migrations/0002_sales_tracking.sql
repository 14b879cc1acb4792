DROP INDEX "commissions_sale_purchase_key";--> statement-breakpoint
ALTER TABLE "commissions" ADD COLUMN "gross_amount" integer;--> statement-breakpoint
ALTER TABLE "purchases" ADD COLUMN "stripe_payment_intent_id" text;--> statement-breakpoint
ALTER TABLE "purchases" ADD COLUMN "dispute_status" text;--> statement-breakpoint
ALTER TABLE "stripe_subscriptions" ADD COLUMN "tracking_mode" text DEFAULT 'transaction' NOT NULL;--> statement-breakpoint
ALTER TABLE "stripe_subscriptions" ADD COLUMN "affiliate_id" text;--> statement-breakpoint
CREATE INDEX "purchases_payment_intent_idx" ON "purchases" USING btree ("merchant_id","stripe_payment_intent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "commissions_sale_purchase_key" ON "commissions" USING btree ("merchant_id","purchase_id") WHERE "commissions"."kind" = 'sale' and "commissions"."purchase_id" is not null and "commissions"."period_start" is null;