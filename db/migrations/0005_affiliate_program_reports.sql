CREATE TABLE "affiliate_windows" (
	"merchant_id" text NOT NULL,
	"livemode" boolean NOT NULL,
	"currency" text NOT NULL,
	"window_days" integer NOT NULL,
	"affiliate_id" text NOT NULL,
	"purchases" bigint DEFAULT 0 NOT NULL,
	"revenue" bigint DEFAULT 0 NOT NULL,
	"commissions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "affiliate_windows_merchant_id_livemode_currency_window_days_affiliate_id_pk" PRIMARY KEY("merchant_id","livemode","currency","window_days","affiliate_id")
);
--> statement-breakpoint
CREATE TABLE "report_window_state" (
	"merchant_id" text PRIMARY KEY NOT NULL,
	"as_of" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "affiliate_invitations" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"affiliate_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "affiliate_daily" (
	"merchant_id" text NOT NULL,
	"affiliate_id" text NOT NULL,
	"livemode" boolean NOT NULL,
	"currency" text NOT NULL,
	"day" date NOT NULL,
	"visits" bigint DEFAULT 0 NOT NULL,
	"leads" bigint DEFAULT 0 NOT NULL,
	"purchases" bigint DEFAULT 0 NOT NULL,
	"revenue" bigint DEFAULT 0 NOT NULL,
	"commissions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "affiliate_daily_merchant_id_affiliate_id_livemode_currency_day_pk" PRIMARY KEY("merchant_id","affiliate_id","livemode","currency","day")
);
--> statement-breakpoint
CREATE TABLE "affiliate_totals" (
	"merchant_id" text NOT NULL,
	"affiliate_id" text NOT NULL,
	"livemode" boolean NOT NULL,
	"currency" text NOT NULL,
	"visits" bigint DEFAULT 0 NOT NULL,
	"leads" bigint DEFAULT 0 NOT NULL,
	"purchases" bigint DEFAULT 0 NOT NULL,
	"revenue" bigint DEFAULT 0 NOT NULL,
	"commissions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "affiliate_totals_merchant_id_affiliate_id_livemode_currency_pk" PRIMARY KEY("merchant_id","affiliate_id","livemode","currency")
);
--> statement-breakpoint
CREATE TABLE "report_daily" (
	"merchant_id" text NOT NULL,
	"livemode" boolean NOT NULL,
	"currency" text NOT NULL,
	"day" date NOT NULL,
	"visits" bigint DEFAULT 0 NOT NULL,
	"leads" bigint DEFAULT 0 NOT NULL,
	"purchases" bigint DEFAULT 0 NOT NULL,
	"revenue" bigint DEFAULT 0 NOT NULL,
	"commissions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "report_daily_merchant_id_livemode_currency_day_pk" PRIMARY KEY("merchant_id","livemode","currency","day")
);
--> statement-breakpoint
CREATE TABLE "report_deltas" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_deltas_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"merchant_id" text NOT NULL,
	"affiliate_id" text,
	"livemode" boolean NOT NULL,
	"currency" text NOT NULL,
	"day" date NOT NULL,
	"visits" bigint DEFAULT 0 NOT NULL,
	"leads" bigint DEFAULT 0 NOT NULL,
	"purchases" bigint DEFAULT 0 NOT NULL,
	"revenue" bigint DEFAULT 0 NOT NULL,
	"commissions" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_totals" (
	"merchant_id" text NOT NULL,
	"livemode" boolean NOT NULL,
	"currency" text NOT NULL,
	"visits" bigint DEFAULT 0 NOT NULL,
	"leads" bigint DEFAULT 0 NOT NULL,
	"purchases" bigint DEFAULT 0 NOT NULL,
	"revenue" bigint DEFAULT 0 NOT NULL,
	"commissions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "report_totals_merchant_id_livemode_currency_pk" PRIMARY KEY("merchant_id","livemode","currency")
);
--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "auto_approve_affiliates" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "affiliate_invitations_affiliate_idx" ON "affiliate_invitations" USING btree ("merchant_id","affiliate_id");--> statement-breakpoint
CREATE INDEX "affiliate_daily_period_idx" ON "affiliate_daily" USING btree ("merchant_id","livemode","currency","day");--> statement-breakpoint
CREATE INDEX "affiliate_totals_earnings_idx" ON "affiliate_totals" USING btree ("merchant_id","livemode","currency","commissions" DESC NULLS LAST,"affiliate_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "report_deltas_merchant_idx" ON "report_deltas" USING btree ("merchant_id","day");--> statement-breakpoint
CREATE INDEX "affiliates_status_idx" ON "affiliates" USING btree ("merchant_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "affiliates_name_idx" ON "affiliates" USING btree ("merchant_id",lower(coalesce(nullif(btrim("first_name" || ' ' || "last_name"), ''), "email")),"id");--> statement-breakpoint
CREATE INDEX "commissions_affiliate_created_idx" ON "commissions" USING btree ("merchant_id","affiliate_id","created_at","id");--> statement-breakpoint
CREATE INDEX "purchases_affiliate_created_idx" ON "purchases" USING btree ("merchant_id","affiliate_id","created_at","id");--> statement-breakpoint
CREATE INDEX "affiliate_windows_rank_idx" ON "affiliate_windows" USING btree ("merchant_id","livemode","currency","window_days","revenue" DESC NULLS LAST,"commissions" DESC NULLS LAST,"affiliate_id");