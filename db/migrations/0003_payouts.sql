ALTER TABLE "payouts" ADD COLUMN "affiliate_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "livemode" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "paid_by_user_id" text;--> statement-breakpoint
CREATE INDEX "commissions_payout_idx" ON "commissions" USING btree ("merchant_id","payout_id");--> statement-breakpoint
CREATE INDEX "payouts_created_idx" ON "payouts" USING btree ("merchant_id","created_at","id");