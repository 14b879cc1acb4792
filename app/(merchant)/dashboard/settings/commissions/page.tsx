import { CommissionPlanForm } from "@/components/merchant/commission-plan-form";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { getMerchant } from "@/db/queries/merchants";
import { requireMerchant } from "@/lib/auth/session";

export const metadata = { title: "Commission plan" };

export default async function CommissionPlanPage() {
  const { merchantId } = await requireMerchant();
  const merchant = (await getMerchant(await getDb(), merchantId))!;
  return (
    <>
      <PageHeader
        title="Commission plan"
        description="What affiliates earn on the purchases they refer. Changes apply to purchases from now on."
      />
      <CommissionPlanForm
        plan={{
          type: merchant.commissionType,
          rateBps: merchant.commissionRateBps,
          flatAmount: merchant.commissionFlatAmount,
          recurrence: merchant.commissionRecurrence,
          recurrenceMonths: merchant.commissionRecurrenceMonths,
          holdDays: merchant.commissionHoldDays,
        }}
        currency={merchant.commissionCurrency}
      />
    </>
  );
}
