import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { OverviewDashboard } from "@/components/merchant/overview/overview-dashboard";
import { SetupChecklist } from "@/components/merchant/setup-checklist";
import { TryItPanel } from "@/components/merchant/try-it-panel";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { dismissChecklistAction, sampleDataAction, stripeWorldAction } from "@/lib/actions/overview/demo";
import { requireMerchant } from "@/lib/auth/session";
import { demoSettings } from "@/lib/demo/settings";
import { loadChecklist } from "@/lib/onboarding/checklist";
import { getQueryClient } from "@/lib/query-client";
import { dashboardKeys } from "@/lib/query-keys";
import { loadOverview } from "@/lib/reports/overview";
import { parseOverviewParams } from "@/lib/reports/params";

export const metadata = { title: "Overview" };

/** The overview: the first view is fetched here and handed to the client's query cache. */
export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { merchantId } = await requireMerchant();
  const params = parseOverviewParams(await searchParams);
  const queryClient = getQueryClient();
  const db = await getDb();
  const [checklist] = await Promise.all([
    loadChecklist(db, merchantId),
    queryClient.prefetchQuery({
      queryKey: dashboardKeys.overview(params),
      queryFn: () => loadOverview(db, merchantId, params),
    }),
  ]);
  return (
    <>
      <PageHeader title="Overview" description="How your affiliate program is doing. Days are UTC." />
      {checklist && (
        <div className="mb-6">
          <SetupChecklist checklist={checklist} dismiss={dismissChecklistAction} />
        </div>
      )}
      {demoSettings() && (
        <div className="mb-6">
          <TryItPanel act={stripeWorldAction} sample={sampleDataAction} />
        </div>
      )}
      <HydrationBoundary state={dehydrate(queryClient)}>
        <OverviewDashboard initial={params} />
      </HydrationBoundary>
    </>
  );
}
