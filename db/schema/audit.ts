import { bigint, index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, merchantRef } from "./columns";

/** Who changed which setting, and from what to what. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    merchantId: merchantRef(),
    actorUserId: text(),
    action: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_merchant_idx").on(t.merchantId, t.createdAt)],
);
