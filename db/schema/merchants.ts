import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { MEMBER_ROLES } from "../../lib/team/role-names";
import { createdAt, lowerOf, merchantRef, tstz } from "./columns";

export const merchants = pgTable(
  "merchants",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    /** Public program handle: /join/<slug>. */
    slug: text().notNull(),
    /** Embedded in the tracking snippet; public by design. */
    publicKey: text().notNull().unique(),
    // Tracking (SPEC §3)
    affiliateParams: text().array().notNull().default(["afmc"]),
    attributionWindowDays: integer().notNull().default(60),
    attributionModel: text({ enum: ["first_touch", "last_touch"] })
      .notNull()
      .default("first_touch"),
    attributionPrecedence: text({ enum: ["tracking_first", "coupon_first"] })
      .notNull()
      .default("tracking_first"),
    allowedOrigins: text().array().notNull().default([]),
    firstVisitAt: tstz(),
    /** The overview's getting-started checklist was dismissed (lib/onboarding/checklist.ts). */
    checklistDismissedAt: tstz(),
    /** Affiliates who join through the public page start active instead of pending. */
    autoApproveAffiliates: boolean().notNull().default(false),
    /** The merchant's website; referral links point here (APP_URL when unset). */
    siteUrl: text(),
    // Stripe app settings (SPEC §5, §7)
    trackSubscriptionsByTransaction: boolean().notNull().default(true),
    autoSyncCoupons: boolean().notNull().default(false),
    couponDiscountType: text({ enum: ["percent", "amount"] })
      .notNull()
      .default("percent"),
    couponPercentOffBps: integer().notNull().default(1000),
    couponAmountOff: integer(),
    couponCurrency: text(),
    couponDuration: text({ enum: ["once", "repeating", "forever"] })
      .notNull()
      .default("once"),
    couponDurationMonths: integer(),
    // Commission plan (SPEC §6): 20% of every payment, 30-day hold.
    commissionType: text({ enum: ["percent", "flat"] })
      .notNull()
      .default("percent"),
    commissionRateBps: integer().notNull().default(2000),
    /** A flat plan's amount per currency it pays in: lower-case ISO code → minor units. */
    commissionFlatAmounts: jsonb().$type<Record<string, number>>().notNull().default({}),
    /** The store's currency: what the dashboard and the forms show first. */
    commissionCurrency: text(),
    commissionRecurrence: text({ enum: ["first", "every", "months"] })
      .notNull()
      .default("every"),
    commissionRecurrenceMonths: integer(),
    commissionHoldDays: integer().notNull().default(30),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("merchants_slug_key").on(lowerOf(t.slug))],
);

export const users = pgTable(
  "users",
  {
    id: text().primaryKey(),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    /** Set when the user followed the verification link (SPEC §12); until then Stripe cannot be connected. */
    emailVerifiedAt: tstz(),
    /** Moves on when the password is reset: sessions signed in before carry the old value and end. */
    sessionVersion: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(lowerOf(t.email))],
);

/** A merchant's team (roles: lib/team/roles.ts): a user may belong to several merchants, with one role in each. */
export const memberships = pgTable(
  "memberships",
  {
    merchantId: merchantRef().references(() => merchants.id),
    userId: text()
      .notNull()
      .references(() => users.id),
    role: text({ enum: MEMBER_ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.userId] }),
    index("memberships_user_idx").on(t.userId),
    check("memberships_role_check", sql`${t.role} in ('owner', 'admin', 'viewer')`),
  ],
);

export type Merchant = typeof merchants.$inferSelect;
export type User = typeof users.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
