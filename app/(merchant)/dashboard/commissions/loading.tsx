import { PageSkeleton } from "@/components/shared/skeleton";

export default function Loading() {
  return <PageSkeleton title="Commissions" label="Loading commissions" rows={4} />;
}
