import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireMerchant } from "@/lib/auth/session";

export const metadata = { title: "Commissions" };

export default async function CommissionsPage() {
  await requireMerchant();
  return (
    <>
      <PageHeader title="Commissions" description="Commissions are created from attributed purchases." />
      <EmptyState title="Nothing here yet" />
    </>
  );
}
