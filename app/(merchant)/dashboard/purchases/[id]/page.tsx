import Link from "next/link";
import { notFound } from "next/navigation";
import { AdjustmentsSection, EventsSection } from "@/components/merchant/purchase-history";
import { CommissionSection, SaleSection } from "@/components/merchant/purchase-sections";
import { Alert, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { requireMerchant } from "@/lib/auth/session";
import { formatDateTime, formatMoney } from "@/lib/format";
import { purchaseExplanation } from "@/lib/sales/purchase-explanation";

export const metadata = { title: "Purchase" };

export default async function PurchasePage({ params }: { params: Promise<{ id: string }> }) {
  const { merchantId } = await requireMerchant();
  const { id } = await params;
  const found = await purchaseExplanation(await getDb(), merchantId, id);
  if (!found) notFound();
  const { detail, explanation } = found;
  const { purchase } = detail;
  return (
    <>
      <Link className="text-sm text-brand-600 hover:underline" href="/dashboard/purchases">
        ← Purchases
      </Link>
      <PageHeader
        title={`Purchase of ${formatMoney(purchase.amount, purchase.currency)}`}
        description={`${purchase.email ?? "Unknown customer"}, ${formatDateTime(purchase.createdAt)}. Purchase ${purchase.id}.`}
      />
      <div className="space-y-6">
        {!purchase.livemode && (
          <Alert tone="warning">A Stripe test-mode purchase: no real money was paid or earned.</Alert>
        )}
        <SaleSection detail={detail} explanation={explanation} />
        <CommissionSection explanation={explanation} />
        <AdjustmentsSection explanation={explanation} />
        <EventsSection explanation={explanation} truncated={detail.eventsTruncated} />
      </div>
    </>
  );
}
