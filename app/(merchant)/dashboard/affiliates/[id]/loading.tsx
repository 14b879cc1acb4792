import { PageSkeleton } from "@/components/shared/skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading the affiliate" cards={3} rows={4} />;
}
