import { AffiliateCommissionPlanForm } from "@/components/merchant/affiliate-commission-plan-form";
import { AffiliateCommissions } from "@/components/merchant/affiliate-commissions";
import { AffiliatePurchases } from "@/components/merchant/affiliate-purchases";
import { Writable } from "@/components/merchant/role-context";
import type { Affiliate, Merchant } from "@/db/schema";
import { describePlan } from "@/lib/commissions/describe";
import { effectivePlan } from "@/lib/commissions/plan";

/** The lower part of an affiliate's page: their commission plan, purchases and commissions. */
export function AffiliateSalesSections({
  affiliate,
  merchant,
}: {
  affiliate: Affiliate;
  merchant: Merchant;
}) {
  const program = effectivePlan(merchant);
  const { terms } = describePlan(program, merchant.commissionCurrency);
  return (
    <>
      <Writable>
        <AffiliateCommissionPlanForm
          affiliateId={affiliate.id}
          custom={affiliate.commissionType !== null}
          plan={effectivePlan(merchant, affiliate)}
          currency={merchant.commissionCurrency}
          programSummary={terms[0] ?? ""}
        />
      </Writable>
      <div className="grid gap-6 2xl:grid-cols-2">
        <AffiliatePurchases affiliateId={affiliate.id} />
        <AffiliateCommissions affiliateId={affiliate.id} />
      </div>
    </>
  );
}
