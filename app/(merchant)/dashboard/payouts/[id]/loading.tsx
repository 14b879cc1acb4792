import { PageSkeleton } from "@/components/shared/skeleton";

export default function Loading() {
  return <PageSkeleton title="Payout" label="Loading the payout" rows={4} />;
}
