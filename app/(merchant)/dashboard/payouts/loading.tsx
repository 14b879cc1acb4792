import { PageSkeleton } from "@/components/shared/skeleton";

export default function Loading() {
  return <PageSkeleton title="Payouts" label="Loading payouts" rows={4} />;
}
