import { PageSkeleton } from "@/components/shared/skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading" rows={6} />;
}
