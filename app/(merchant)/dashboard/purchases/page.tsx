import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireMerchant } from "@/lib/auth/session";

export const metadata = { title: "Purchases" };

export default async function PurchasesPage() {
  await requireMerchant();
  return (
    <>
      <PageHeader
        title="Purchases"
        description="Purchases arrive from Stripe once your Stripe account is connected."
      />
      <EmptyState title="Nothing here yet" />
    </>
  );
}
