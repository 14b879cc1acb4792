import { sql } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
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
    // Commission plan override (null = the merchant's plan).
    commissionType: text({ enum: ["percent", "flat"] }),
    commissionRateBps: integer(),
    commissionFlatAmount: integer(),
    commissionRecurrence: text({ enum: ["first", "every", "months"] }),
    commissionRecurrenceMonths: integer(),
    commissionHoldDays: integer(),
    // Coupon sync to Stripe (SPEC §7)
    couponSyncStatus: text({ enum: ["none", "pending", "synced", "failed"] })
      .notNull()
      .default("none"),
    stripePromotionCodeId: text(),
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
  ],
);

export type Affiliate = typeof affiliates.$inferSelect;
