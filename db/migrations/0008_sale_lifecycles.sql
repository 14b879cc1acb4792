CREATE TABLE "sale_adjustments" (
	"merchant_id" text NOT NULL,
	"id" text NOT NULL,
	"purchase_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"stage" integer NOT NULL,
	"effect" text NOT NULL,
	"event_id" text,
	"event_type" text,
	"stripe_created_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sale_adjustments_merchant_id_id_pk" PRIMARY KEY("merchant_id","id")
);
--> statement-breakpoint
ALTER TABLE "commissions" ADD COLUMN "rate_bps" integer;--> statement-breakpoint
ALTER TABLE "commissions" ADD COLUMN "hold_reason" text;--> statement-breakpoint
ALTER TABLE "commissions" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "purchases" ADD COLUMN "stripe_invoice_id" text;--> statement-breakpoint
ALTER TABLE "purchases" ADD COLUMN "charged_amount" integer;--> statement-breakpoint
ALTER TABLE "purchases" ADD COLUMN "payment_status" text DEFAULT 'paid' NOT NULL;--> statement-breakpoint
ALTER TABLE "purchases" ADD COLUMN "commission_note" text;--> statement-breakpoint
ALTER TABLE "stripe_events" ADD COLUMN "purchase_id" text;--> statement-breakpoint
ALTER TABLE "stripe_subscriptions" ADD COLUMN "read_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "sale_adjustments_purchase_idx" ON "sale_adjustments" USING btree ("merchant_id","purchase_id");--> statement-breakpoint
CREATE INDEX "purchases_invoice_idx" ON "purchases" USING btree ("merchant_id","stripe_invoice_id");--> statement-breakpoint
CREATE INDEX "stripe_events_purchase_idx" ON "stripe_events" USING btree ("merchant_id","purchase_id") WHERE "stripe_events"."purchase_id" is not null;