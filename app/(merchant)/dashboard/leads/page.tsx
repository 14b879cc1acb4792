import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireMerchant } from "@/lib/auth/session";

export const metadata = { title: "Leads" };

export default async function LeadsPage() {
  await requireMerchant();
  return (
    <>
      <PageHeader
        title="Leads"
        description="Leads appear here when visitors referred by your affiliates sign up on your site."
      />
      <EmptyState title="Nothing here yet" />
    </>
  );
}
