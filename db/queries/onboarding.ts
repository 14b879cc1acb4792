import { and, count, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../index";
import { affiliates, auditLog, merchants, stripeConnections } from "../schema";

export interface OnboardingFacts {
  firstVisitAt: Date | null;
  dismissedAt: Date | null;
  stripeConnected: boolean;
  affiliates: number;
  planSaved: boolean;
}

/** What the getting-started checklist is derived from, for one merchant; null if there is none. */
export async function onboardingFacts(db: Database, merchantId: string): Promise<OnboardingFacts | null> {
  const [row] = await db
    .select({
      firstVisitAt: merchants.firstVisitAt,
      dismissedAt: merchants.checklistDismissedAt,
      stripeConnected: sql<boolean>`exists (select 1 from ${stripeConnections}
        where ${stripeConnections.merchantId} = ${merchantId} and ${stripeConnections.disconnectedAt} is null)`,
      planSaved: sql<boolean>`exists (select 1 from ${auditLog} where ${auditLog.merchantId} = ${merchantId}
        and ${auditLog.action} = 'settings.commission_plan.changed')`,
    })
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  if (!row) return null;
  const [n] = await db.select({ n: count() }).from(affiliates).where(eq(affiliates.merchantId, merchantId));
  return { ...row, affiliates: Number(n?.n ?? 0) };
}

/** Hides the checklist for good; the first dismissal's time is kept. */
export async function dismissChecklist(db: Database, merchantId: string) {
  await db
    .update(merchants)
    .set({ checklistDismissedAt: new Date() })
    .where(and(eq(merchants.id, merchantId), isNull(merchants.checklistDismissedAt)));
}
