import type { Database } from "@/db";
import { type Commission, commissions } from "@/db/schema";
import { newId } from "@/lib/ids";

/** Test support: a commission row as the sales code would leave it, without the Stripe round trip. */
export async function insertCommission(
  db: Database,
  c: Pick<Commission, "merchantId" | "affiliateId" | "amount"> & Partial<Commission>,
): Promise<Commission> {
  const kind = c.kind ?? (c.amount < 0 ? "clawback" : "sale");
  const [row] = await db
    .insert(commissions)
    .values({
      id: newId("com"),
      currency: "usd",
      status: "due",
      livemode: true,
      grossAmount: kind === "sale" ? c.amount : null,
      dueAt: new Date(),
      ...c,
      kind,
    })
    .returning();
  return row!;
}
