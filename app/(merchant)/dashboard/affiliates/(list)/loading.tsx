import { PageSkeleton } from "@/components/shared/skeleton";

/**
 * In the (list) route group so this boundary wraps the list only: above an affiliate's page it
 * would send the 200 status before that page could answer 404 for another merchant's affiliate.
 */
export default function Loading() {
  return <PageSkeleton label="Loading affiliates" rows={8} />;
}
