import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireMerchant } from "@/lib/auth/session";

export const metadata = { title: "Apps" };

export default async function AppsPage() {
  await requireMerchant();
  return (
    <>
      <PageHeader title="Apps" description="Connect the apps your business sells through." />
      <EmptyState title="Nothing here yet" />
    </>
  );
}
