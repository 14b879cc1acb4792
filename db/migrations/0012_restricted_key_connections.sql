ALTER TABLE "stripe_connections" ADD COLUMN "kind" text DEFAULT 'oauth' NOT NULL;--> statement-breakpoint
ALTER TABLE "stripe_connections" ADD COLUMN "api_key_enc" text;--> statement-breakpoint
ALTER TABLE "stripe_connections" ADD COLUMN "webhook_endpoint_id" text;--> statement-breakpoint
ALTER TABLE "stripe_connections" ADD COLUMN "webhook_secret_enc" text;--> statement-breakpoint
ALTER TABLE "stripe_connections" ADD COLUMN "attention_reason" text;--> statement-breakpoint
ALTER TABLE "stripe_connections" ADD COLUMN "attention_at" timestamp with time zone;