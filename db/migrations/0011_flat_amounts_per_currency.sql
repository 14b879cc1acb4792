ALTER TABLE "affiliates" ADD COLUMN "commission_flat_amounts" jsonb;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "commission_flat_amounts" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- A plan's single flat amount was in the store's currency (USD when none was set): it becomes
-- that currency's entry. An affiliate's own amount was in its merchant's currency too.
UPDATE "merchants"
SET "commission_flat_amounts" = jsonb_build_object(lower(coalesce("commission_currency", 'usd')), "commission_flat_amount")
WHERE "commission_flat_amount" IS NOT NULL;--> statement-breakpoint
UPDATE "affiliates" AS a
SET "commission_flat_amounts" = jsonb_build_object(lower(coalesce(m."commission_currency", 'usd')), a."commission_flat_amount")
FROM "merchants" AS m
WHERE m."id" = a."merchant_id" AND a."commission_flat_amount" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "affiliates" DROP COLUMN "commission_flat_amount";--> statement-breakpoint
ALTER TABLE "merchants" DROP COLUMN "commission_flat_amount";
