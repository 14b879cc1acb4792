import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireMerchant } from "@/lib/auth/session";

export const metadata = { title: "Affiliates" };

export default async function AffiliatesPage() {
  await requireMerchant();
  return (
    <>
      <PageHeader title="Affiliates" description="Affiliates you add or who join your program appear here." />
      <EmptyState title="Nothing here yet" />
    </>
  );
}
