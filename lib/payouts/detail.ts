import type { Database } from "@/db";
import { getMerchant } from "@/db/queries/merchants";
import { getPayout, payoutCommissions } from "@/db/queries/payouts";
import type { Payout } from "@/db/schema";
import { badRequest, conflict, notFound } from "@/lib/errors";
import { payoutCsv } from "./csv";

/** What a payout batch holds, per affiliate, for its page and its file. */

export interface PayoutLine {
  affiliateId: string;
  email: string;
  name: string;
  code: string | null;
  amount: number;
  commissionCount: number;
  /** Net ≤ 0 after a refund changed the draft: it will not be paid with this batch. */
  carriesOver: boolean;
}

type BatchRow = Awaited<ReturnType<typeof payoutCommissions>>[number];

/** One line per affiliate: a draft counts its due commissions, a paid payout its paid ones. */
export function payoutLines(payout: Payout, rows: BatchRow[]): PayoutLine[] {
  const counted = payout.status === "paid" ? "paid" : "due";
  const lines = new Map<string, PayoutLine>();
  for (const row of rows) {
    if (row.status !== counted) continue;
    const line = lines.get(row.affiliateId) ?? {
      affiliateId: row.affiliateId,
      email: row.affiliate?.email ?? "",
      name: [row.affiliate?.firstName, row.affiliate?.lastName].filter(Boolean).join(" "),
      code: row.affiliate?.code ?? null,
      amount: 0,
      commissionCount: 0,
      carriesOver: false,
    };
    line.amount += row.amount;
    line.commissionCount += 1;
    lines.set(row.affiliateId, line);
  }
  const result = [...lines.values()].sort((a, b) => a.affiliateId.localeCompare(b.affiliateId));
  for (const line of result) line.carriesOver = line.amount <= 0;
  return result;
}

export async function payoutDetail(db: Database, merchantId: string, payoutId: string) {
  const payout = await getPayout(db, merchantId, payoutId);
  if (!payout) return null;
  const commissions = await payoutCommissions(db, merchantId, payoutId);
  const lines = payoutLines(payout, commissions);
  const payable = lines.filter((l) => !l.carriesOver);
  return {
    payout,
    lines,
    commissions,
    total: payable.reduce((sum, l) => sum + l.amount, 0),
  };
}

/** The batch's PayPal file; a discarded batch has none. */
export async function payoutCsvFile(db: Database, merchantId: string, payoutId: string) {
  const detail = await payoutDetail(db, merchantId, payoutId);
  if (!detail) throw notFound("No such payout");
  if (detail.payout.status === "discarded") throw conflict("This payout was discarded", "payout_discarded");
  const merchant = await getMerchant(db, merchantId);
  const lines = detail.lines.filter((l) => !l.carriesOver);
  if (lines.some((l) => !l.email)) throw badRequest("An affiliate in this payout has no email address");
  return {
    filename: `leadtrail-payout-${detail.payout.id}.csv`,
    body: payoutCsv(detail.payout, lines, merchant?.name ?? "Leadtrail"),
  };
}
