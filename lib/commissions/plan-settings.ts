import { z } from "zod";
import type { Database } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { updateMerchant } from "@/db/queries/merchants";
import { flatAmountsSchema } from "@/lib/commissions/flat-amounts";
import { currencyCode } from "@/lib/money";

/** The merchant's commission plan (SPEC §6), as the settings form and the API submit it. */
export const commissionPlanSchema = z
  .object({
    type: z.enum(["percent", "flat"]),
    rateBps: z.coerce
      .number()
      .int()
      .min(0, "Rate must be between 0% and 100%")
      .max(10_000, "Rate must be between 0% and 100%"),
    /** Rows of { currency, amount in the main unit }; each becomes that currency's flat amount. */
    flatAmounts: flatAmountsSchema.optional().transform((amounts) => amounts ?? {}),
    recurrence: z.enum(["first", "every", "months"]),
    recurrenceMonths: z.coerce.number().int().min(1, "Months must be at least 1").max(120).nullable(),
    holdDays: z.coerce
      .number()
      .int()
      .min(0, "Hold must be 0 to 365 days")
      .max(365, "Hold must be 0 to 365 days"),
  })
  .refine((p) => p.type !== "flat" || Object.keys(p.flatAmounts).length > 0, {
    message: "Enter a flat amount in at least one currency",
    path: ["flatAmounts"],
  })
  .refine((p) => p.recurrence !== "months" || p.recurrenceMonths, {
    message: "Enter the number of months",
    path: ["recurrenceMonths"],
  });

/** What the forms send: flat amounts as rows typed in each currency's main unit. */
export type CommissionPlanFormInput = z.input<typeof commissionPlanSchema>;

/** The program's plan also names the store's currency: the one the dashboard and forms show first. */
export const programPlanSchema = z.intersection(commissionPlanSchema, z.object({ currency: currencyCode }));

export type ProgramPlanInput = z.infer<typeof programPlanSchema>;

export async function saveCommissionPlan(
  db: Database,
  merchantId: string,
  actorUserId: string,
  plan: ProgramPlanInput,
) {
  const values = {
    commissionCurrency: plan.currency,
    commissionType: plan.type,
    commissionRateBps: plan.rateBps,
    commissionFlatAmounts: plan.type === "flat" ? plan.flatAmounts : {},
    commissionRecurrence: plan.recurrence,
    commissionRecurrenceMonths: plan.recurrence === "months" ? plan.recurrenceMonths : null,
    commissionHoldDays: plan.holdDays,
  };
  await db.transaction(async (tx) => {
    await updateMerchant(tx, merchantId, values);
    await recordAudit(tx, {
      merchantId,
      actorUserId,
      action: "settings.commission_plan.changed",
      data: values,
    });
  });
}
