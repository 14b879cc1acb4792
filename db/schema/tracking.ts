import { bigint, index, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, lowerOf, merchantRef, tstz } from "./columns";

/** A browser on the merchant's site; `id` is the tracking id kept in its first-party cookie. */
export const visitors = pgTable(
  "visitors",
  {
    merchantId: merchantRef(),
    id: text().notNull(),
    /** Affiliate credited under the merchant's attribution model. */
    affiliateId: text(),
    affiliateAt: tstz(),
    firstSeenAt: createdAt(),
    lastSeenAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const visits = pgTable(
  "visits",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    merchantId: merchantRef(),
    visitorId: text().notNull(),
    affiliateId: text(),
    url: text().notNull(),
    referrer: text(),
    /** Keyed hashes of the client's address and user agent (lib/tracking/client-hash.ts). */
    ipHash: text(),
    uaHash: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("visits_merchant_created_idx").on(t.merchantId, t.createdAt),
    index("visits_merchant_affiliate_idx").on(t.merchantId, t.affiliateId, t.createdAt),
    index("visits_merchant_visitor_idx").on(t.merchantId, t.visitorId),
  ],
);

/** A lead binds an email to a visitor and the affiliate who referred them. */
export const leads = pgTable(
  "leads",
  {
    id: text().notNull(),
    merchantId: merchantRef(),
    email: text().notNull(),
    visitorId: text(),
    affiliateId: text(),
    status: text({ enum: ["active", "cancelled"] })
      .notNull()
      .default("active"),
    cancelledAt: tstz(),
    stripeCustomerId: text(),
    data: jsonb().$type<Record<string, unknown>>(),
    /** Keyed hashes of the address and user agent the lead was first recorded from. */
    ipHash: text(),
    uaHash: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    uniqueIndex("leads_id_key").on(t.id),
    uniqueIndex("leads_email_key").on(t.merchantId, lowerOf(t.email)),
    index("leads_created_idx").on(t.merchantId, t.createdAt, t.id),
    index("leads_affiliate_idx").on(t.merchantId, t.affiliateId),
    index("leads_ip_hash_idx").on(t.merchantId, t.ipHash),
  ],
);

export type Visitor = typeof visitors.$inferSelect;
export type Visit = typeof visits.$inferSelect;
export type Lead = typeof leads.$inferSelect;
