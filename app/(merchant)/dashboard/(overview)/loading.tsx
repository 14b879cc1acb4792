import { PageSkeleton } from "@/components/shared/skeleton";

/**
 * In the (overview) route group so this boundary wraps the overview only: above the other
 * dashboard pages it would send the 200 status before any of them could answer 404.
 */
export default function Loading() {
  return <PageSkeleton label="Loading the overview" cards={5} chart />;
}
