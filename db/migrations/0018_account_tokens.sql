CREATE TABLE "account_tokens" (
	"purpose" text NOT NULL,
	"audience" text NOT NULL,
	"account_id" text NOT NULL,
	"merchant_id" text,
	"token_hash" text NOT NULL,
	"email" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_tokens_purpose_audience_account_id_pk" PRIMARY KEY("purpose","audience","account_id"),
	CONSTRAINT "account_tokens_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "affiliates" ADD COLUMN "session_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "account_tokens_merchant_idx" ON "account_tokens" USING btree ("merchant_id");--> statement-breakpoint
-- Accounts made before verification existed count as verified (SPEC §12 applies to new ones).
UPDATE "users" SET "email_verified_at" = "created_at" WHERE "email_verified_at" IS NULL;