CREATE TABLE "affiliates" (
	"id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"email" text NOT NULL,
	"first_name" text DEFAULT '' NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"code" text NOT NULL,
	"coupon_code" text,
	"status" text DEFAULT 'active' NOT NULL,
	"password_hash" text,
	"commission_type" text,
	"commission_rate_bps" integer,
	"commission_flat_amount" integer,
	"commission_recurrence" text,
	"commission_recurrence_months" integer,
	"commission_hold_days" integer,
	"coupon_sync_status" text DEFAULT 'none' NOT NULL,
	"stripe_promotion_code_id" text,
	"coupon_sync_error" text,
	"coupon_synced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "affiliates_merchant_id_id_pk" PRIMARY KEY("merchant_id","id")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"merchant_id" text NOT NULL,
	"actor_user_id" text,
	"action" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text,
	"kind" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dedupe_key" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 10 NOT NULL,
	"last_error" text,
	"locked_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"merchant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_merchant_id_user_id_pk" PRIMARY KEY("merchant_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "merchants" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"public_key" text NOT NULL,
	"affiliate_params" text[] DEFAULT '{"afmc"}' NOT NULL,
	"attribution_window_days" integer DEFAULT 60 NOT NULL,
	"attribution_model" text DEFAULT 'first_touch' NOT NULL,
	"attribution_precedence" text DEFAULT 'tracking_first' NOT NULL,
	"allowed_origins" text[] DEFAULT '{}' NOT NULL,
	"first_visit_at" timestamp with time zone,
	"track_subscriptions_by_transaction" boolean DEFAULT true NOT NULL,
	"auto_sync_coupons" boolean DEFAULT false NOT NULL,
	"coupon_discount_type" text DEFAULT 'percent' NOT NULL,
	"coupon_percent_off_bps" integer DEFAULT 1000 NOT NULL,
	"coupon_amount_off" integer,
	"coupon_currency" text,
	"coupon_duration" text DEFAULT 'once' NOT NULL,
	"coupon_duration_months" integer,
	"commission_type" text DEFAULT 'percent' NOT NULL,
	"commission_rate_bps" integer DEFAULT 2000 NOT NULL,
	"commission_flat_amount" integer,
	"commission_currency" text,
	"commission_recurrence" text DEFAULT 'every' NOT NULL,
	"commission_recurrence_months" integer,
	"commission_hold_days" integer DEFAULT 30 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "merchants_publicKey_unique" UNIQUE("public_key")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commissions" (
	"id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"affiliate_id" text NOT NULL,
	"purchase_id" text,
	"payout_id" text,
	"reverses_id" text,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"kind" text DEFAULT 'sale' NOT NULL,
	"period_start" timestamp with time zone,
	"stripe_subscription_id" text,
	"due_at" timestamp with time zone,
	"livemode" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commissions_merchant_id_id_pk" PRIMARY KEY("merchant_id","id")
);
--> statement-breakpoint
CREATE TABLE "payouts" (
	"id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"commission_count" integer NOT NULL,
	"created_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone,
	CONSTRAINT "payouts_merchant_id_id_pk" PRIMARY KEY("merchant_id","id")
);
--> statement-breakpoint
CREATE TABLE "purchases" (
	"id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"stripe_id" text NOT NULL,
	"source" text NOT NULL,
	"lead_id" text,
	"affiliate_id" text,
	"stripe_customer_id" text,
	"stripe_subscription_id" text,
	"stripe_charge_id" text,
	"email" text,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"amount_refunded" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"attribution" text,
	"self_referral" boolean DEFAULT false NOT NULL,
	"livemode" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "purchases_merchant_id_id_pk" PRIMARY KEY("merchant_id","id")
);
--> statement-breakpoint
CREATE TABLE "oauth_states" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stripe_connections" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"stripe_user_id" text NOT NULL,
	"livemode" boolean NOT NULL,
	"scope" text NOT NULL,
	"access_token_enc" text,
	"refresh_token_enc" text,
	"publishable_key" text,
	"connected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disconnected_at" timestamp with time zone,
	"disconnect_reason" text
);
--> statement-breakpoint
CREATE TABLE "stripe_customers" (
	"merchant_id" text NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"email" text,
	"lead_id" text,
	"affiliate_id" text,
	"attribution" text,
	"livemode" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stripe_customers_merchant_id_stripe_customer_id_pk" PRIMARY KEY("merchant_id","stripe_customer_id")
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text,
	"account" text,
	"type" text NOT NULL,
	"livemode" boolean NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stripe_subscriptions" (
	"merchant_id" text NOT NULL,
	"stripe_subscription_id" text NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"status" text NOT NULL,
	"amount" integer,
	"currency" text,
	"interval" text,
	"interval_count" integer,
	"started_at" timestamp with time zone NOT NULL,
	"current_period_end" timestamp with time zone,
	"cancel_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"livemode" boolean NOT NULL,
	"data" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stripe_subscriptions_merchant_id_stripe_subscription_id_pk" PRIMARY KEY("merchant_id","stripe_subscription_id")
);
--> statement-breakpoint
CREATE TABLE "leads" (
	"id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"email" text NOT NULL,
	"visitor_id" text,
	"affiliate_id" text,
	"status" text DEFAULT 'active' NOT NULL,
	"cancelled_at" timestamp with time zone,
	"stripe_customer_id" text,
	"data" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "leads_merchant_id_id_pk" PRIMARY KEY("merchant_id","id")
);
--> statement-breakpoint
CREATE TABLE "visitors" (
	"merchant_id" text NOT NULL,
	"id" text NOT NULL,
	"affiliate_id" text,
	"affiliate_at" timestamp with time zone,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visitors_merchant_id_id_pk" PRIMARY KEY("merchant_id","id")
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "visits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"merchant_id" text NOT NULL,
	"visitor_id" text NOT NULL,
	"affiliate_id" text,
	"url" text NOT NULL,
	"referrer" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "affiliates_id_key" ON "affiliates" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "affiliates_code_key" ON "affiliates" USING btree ("merchant_id",lower("code"));--> statement-breakpoint
CREATE UNIQUE INDEX "affiliates_coupon_code_key" ON "affiliates" USING btree ("merchant_id",lower("coupon_code")) WHERE "affiliates"."coupon_code" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "affiliates_email_key" ON "affiliates" USING btree ("merchant_id",lower("email"));--> statement-breakpoint
CREATE INDEX "affiliates_created_idx" ON "affiliates" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_merchant_idx" ON "api_keys" USING btree ("merchant_id");--> statement-breakpoint
CREATE INDEX "audit_log_merchant_idx" ON "audit_log" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "jobs_ready_idx" ON "jobs" USING btree ("status","run_at");--> statement-breakpoint
CREATE INDEX "jobs_merchant_idx" ON "jobs" USING btree ("merchant_id","kind","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_dedupe_key" ON "jobs" USING btree ("dedupe_key") WHERE "jobs"."status" in ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "merchants_slug_key" ON "merchants" USING btree (lower("slug"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "commissions_id_key" ON "commissions" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "commissions_sale_purchase_key" ON "commissions" USING btree ("merchant_id","purchase_id") WHERE "commissions"."kind" = 'sale' and "commissions"."purchase_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "commissions_period_key" ON "commissions" USING btree ("merchant_id","stripe_subscription_id","period_start") WHERE "commissions"."period_start" is not null;--> statement-breakpoint
CREATE INDEX "commissions_created_idx" ON "commissions" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "commissions_affiliate_idx" ON "commissions" USING btree ("merchant_id","affiliate_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "payouts_id_key" ON "payouts" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "purchases_id_key" ON "purchases" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "purchases_stripe_id_key" ON "purchases" USING btree ("merchant_id","stripe_id");--> statement-breakpoint
CREATE INDEX "purchases_created_idx" ON "purchases" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "purchases_affiliate_idx" ON "purchases" USING btree ("merchant_id","affiliate_id");--> statement-breakpoint
CREATE INDEX "purchases_charge_idx" ON "purchases" USING btree ("merchant_id","stripe_charge_id");--> statement-breakpoint
CREATE INDEX "oauth_states_merchant_idx" ON "oauth_states" USING btree ("merchant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stripe_connections_active_merchant_key" ON "stripe_connections" USING btree ("merchant_id") WHERE "stripe_connections"."disconnected_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "stripe_connections_active_account_key" ON "stripe_connections" USING btree ("stripe_user_id") WHERE "stripe_connections"."disconnected_at" is null;--> statement-breakpoint
CREATE INDEX "stripe_events_merchant_idx" ON "stripe_events" USING btree ("merchant_id","received_at");--> statement-breakpoint
CREATE INDEX "stripe_subscriptions_customer_idx" ON "stripe_subscriptions" USING btree ("merchant_id","stripe_customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "leads_id_key" ON "leads" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "leads_email_key" ON "leads" USING btree ("merchant_id",lower("email"));--> statement-breakpoint
CREATE INDEX "leads_created_idx" ON "leads" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "leads_affiliate_idx" ON "leads" USING btree ("merchant_id","affiliate_id");--> statement-breakpoint
CREATE INDEX "visits_merchant_created_idx" ON "visits" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "visits_merchant_affiliate_idx" ON "visits" USING btree ("merchant_id","affiliate_id","created_at");--> statement-breakpoint
CREATE INDEX "visits_merchant_visitor_idx" ON "visits" USING btree ("merchant_id","visitor_id");