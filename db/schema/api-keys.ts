import { index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, merchantRef, tstz } from "./columns";
import { merchants } from "./merchants";

/** Private API keys, stored as SHA-256 hashes; the prefix is what the dashboard shows afterwards. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: text().primaryKey(),
    merchantId: merchantRef().references(() => merchants.id),
    prefix: text().notNull(),
    keyHash: text().notNull(),
    createdAt: createdAt(),
    lastUsedAt: tstz(),
    revokedAt: tstz(),
  },
  (t) => [uniqueIndex("api_keys_hash_key").on(t.keyHash), index("api_keys_merchant_idx").on(t.merchantId)],
);

export type ApiKey = typeof apiKeys.$inferSelect;
