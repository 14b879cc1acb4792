import { PageSkeleton } from "@/components/shared/skeleton";

export default function Loading() {
  return <PageSkeleton title="Purchase" label="Loading the purchase" rows={6} />;
}
