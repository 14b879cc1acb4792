import { CommissionPlanForm } from "@/components/merchant/commission-plan-form";
import { Writable } from "@/components/merchant/role-context";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { getMerchant } from "@/db/queries/merchants";
import { requireMerchant } from "@/lib/auth/session";
import { effectivePlan } from "@/lib/commissions/plan";

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
      <Writable>
        <CommissionPlanForm plan={effectivePlan(merchant)} currency={merchant.commissionCurrency} />
      </Writable>
    </>
  );
}
