import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, lowerOf, merchantRef, tstz } from "./columns";

export const affiliates = pgTable(
  "affiliates",
  {
    id: text().notNull(),
    merchantId: merchantRef(),
    email: text().notNull(),
    firstName: text().notNull().default(""),
    lastName: text().notNull().default(""),
    /** Referral code used in links (?afmc=code). */
    code: text().notNull(),
    couponCode: text(),
    status: text({ enum: ["pending", "active", "inactive"] })
      .notNull()
      .default("active"),
    /** Portal sign-in; null until the affiliate sets a password. */
    passwordHash: text(),
    /** Moves on when the password is reset: portal sessions signed in before end. */
    sessionVersion: integer().notNull().default(0),
    /** Emails the affiliate a notice for each new commission; on by default, off by one click. */
    commissionNotices: boolean().notNull().default(true),
    // Commission plan override (null = the merchant's plan).
    commissionType: text({ enum: ["percent", "flat"] }),
    commissionRateBps: integer(),
    /** Replaces the program's flat amounts as a whole (null = the program's). */
    commissionFlatAmounts: jsonb().$type<Record<string, number>>(),
    commissionRecurrence: text({ enum: ["first", "every", "months"] }),
    commissionRecurrenceMonths: integer(),
    commissionHoldDays: integer(),
    // Coupon sync to Stripe (SPEC §7)
    couponSyncStatus: text({ enum: ["none", "pending", "synced", "failed"] })
      .notNull()
      .default("none"),
    stripePromotionCodeId: text(),
    /** The coupon that promotion code is on (the merchant's affiliate coupon when Leadtrail made it). */
    stripeCouponId: text(),
    /**
     * The code a sync is creating in Stripe right now: set before the create, cleared once the
     * promotion code is recorded. A sync cut short in between leaves it, so the next one can find
     * and deactivate that promotion code if the affiliate's code has changed since.
     */
    couponSyncingCode: text(),
    couponSyncError: text(),
    couponSyncedAt: tstz(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    uniqueIndex("affiliates_id_key").on(t.id),
    uniqueIndex("affiliates_code_key").on(t.merchantId, lowerOf(t.code)),
    uniqueIndex("affiliates_coupon_code_key")
      .on(t.merchantId, lowerOf(t.couponCode))
      .where(sql`${t.couponCode} is not null`),
    uniqueIndex("affiliates_email_key").on(t.merchantId, lowerOf(t.email)),
    index("affiliates_created_idx").on(t.merchantId, t.createdAt, t.id),
    // The affiliates list: by status, and by name (the email when there is no name).
    index("affiliates_status_idx").on(t.merchantId, t.status, t.createdAt, t.id),
    index("affiliates_name_idx").on(t.merchantId, affiliateSortName(t), t.id),
    index("affiliates_promotion_code_idx").on(t.merchantId, t.stripePromotionCodeId),
  ],
);

/** "ada lovelace", or the email when there is no name: what the list sorts by name on. */
export function affiliateSortName(t: { firstName: unknown; lastName: unknown; email: unknown }) {
  return sql`lower(coalesce(nullif(btrim(${t.firstName} || ' ' || ${t.lastName}), ''), ${t.email}))`;
}

export type Affiliate = typeof affiliates.$inferSelect;
