import { z } from "zod";
import type { Database } from "@/db";
import { type CommissionOverride, setCommissionOverride } from "@/db/queries/affiliate-program";
import { recordAudit } from "@/db/queries/audit";
import { commissionPlanSchema } from "@/lib/commissions/plan-settings";
import { badRequest, notFound } from "@/lib/errors";
import { firstIssue } from "@/lib/merchants/validation";

/** An affiliate's own plan (validated like the merchant's), or back to the program's plan. */
export const commissionOverrideSchema = z.union([
  z.object({ useDefault: z.literal(true) }),
  z.object({ useDefault: z.literal(false), plan: commissionPlanSchema }),
]);

const INHERIT: CommissionOverride = {
  commissionType: null,
  commissionRateBps: null,
  commissionFlatAmounts: null,
  commissionRecurrence: null,
  commissionRecurrenceMonths: null,
  commissionHoldDays: null,
};

export async function saveCommissionOverride(
  db: Database,
  p: { merchantId: string; userId: string; affiliateId: string; input: unknown },
) {
  const parsed = commissionOverrideSchema.safeParse(p.input);
  if (!parsed.success) throw badRequest(firstIssue(parsed.error));
  const values: CommissionOverride = parsed.data.useDefault
    ? INHERIT
    : {
        commissionType: parsed.data.plan.type,
        commissionRateBps: parsed.data.plan.type === "percent" ? parsed.data.plan.rateBps : null,
        commissionFlatAmounts: parsed.data.plan.type === "flat" ? parsed.data.plan.flatAmounts : null,
        commissionRecurrence: parsed.data.plan.recurrence,
        commissionRecurrenceMonths:
          parsed.data.plan.recurrence === "months" ? parsed.data.plan.recurrenceMonths : null,
        commissionHoldDays: parsed.data.plan.holdDays,
      };
  await db.transaction(async (tx) => {
    if (!(await setCommissionOverride(tx, p.merchantId, p.affiliateId, values)))
      throw notFound("No such affiliate");
    await recordAudit(tx, {
      merchantId: p.merchantId,
      actorUserId: p.userId,
      action: "affiliate.commission_plan.changed",
      data: { affiliateId: p.affiliateId, ...values },
    });
  });
  return values;
}
