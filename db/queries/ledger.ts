import { and, desc, eq } from "drizzle-orm";
import type { CursorKey } from "@/lib/cursor";
import type { Database } from "../index";
import { affiliates, type Commission, commissions, type Purchase, purchases } from "../schema";
import { afterCursor, cursorAt } from "./pagination";

const affiliateName = {
  code: affiliates.code,
  firstName: affiliates.firstName,
  lastName: affiliates.lastName,
  email: affiliates.email,
};

/** Newest first, keyset-paginated; fetches one row more than asked to know if a page follows. */
export async function listPurchases(
  db: Database,
  params: {
    merchantId: string;
    limit: number;
    cursor: CursorKey | null;
    affiliateId?: string;
    status?: Purchase["status"];
    livemode?: boolean;
  },
) {
  return db
    .select({ purchase: purchases, cursorAt: cursorAt(purchases.createdAt), affiliate: affiliateName })
    .from(purchases)
    .leftJoin(
      affiliates,
      and(eq(affiliates.merchantId, purchases.merchantId), eq(affiliates.id, purchases.affiliateId)),
    )
    .where(
      and(
        eq(purchases.merchantId, params.merchantId),
        params.affiliateId ? eq(purchases.affiliateId, params.affiliateId) : undefined,
        params.status ? eq(purchases.status, params.status) : undefined,
        params.livemode === undefined ? undefined : eq(purchases.livemode, params.livemode),
        afterCursor(purchases.createdAt, purchases.id, params.cursor),
      ),
    )
    .orderBy(desc(purchases.createdAt), desc(purchases.id))
    .limit(params.limit + 1)
    .then((rows) => rows.map((r) => ({ ...r.purchase, cursorAt: r.cursorAt, affiliate: r.affiliate })));
}

export async function listCommissions(
  db: Database,
  params: {
    merchantId: string;
    limit: number;
    cursor: CursorKey | null;
    affiliateId?: string;
    status?: Commission["status"];
    livemode?: boolean;
    payoutId?: string;
  },
) {
  return db
    .select({ commission: commissions, cursorAt: cursorAt(commissions.createdAt), affiliate: affiliateName })
    .from(commissions)
    .leftJoin(
      affiliates,
      and(eq(affiliates.merchantId, commissions.merchantId), eq(affiliates.id, commissions.affiliateId)),
    )
    .where(
      and(
        eq(commissions.merchantId, params.merchantId),
        params.affiliateId ? eq(commissions.affiliateId, params.affiliateId) : undefined,
        params.status ? eq(commissions.status, params.status) : undefined,
        params.livemode === undefined ? undefined : eq(commissions.livemode, params.livemode),
        params.payoutId ? eq(commissions.payoutId, params.payoutId) : undefined,
        afterCursor(commissions.createdAt, commissions.id, params.cursor),
      ),
    )
    .orderBy(desc(commissions.createdAt), desc(commissions.id))
    .limit(params.limit + 1)
    .then((rows) => rows.map((r) => ({ ...r.commission, cursorAt: r.cursorAt, affiliate: r.affiliate })));
}
