"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import type { ActionResult } from "@/lib/auth/action";
import type { TryItState } from "@/lib/demo/try-it";
import { fetchJson } from "@/lib/fetch-json";
import { formatMoney } from "@/lib/format";
import { dashboardKeys } from "@/lib/query-keys";
import { type SampleDataAct, SampleDataControls } from "./sample-data-controls";

type Act = (input: { action: "refund" | "dispute" }) => Promise<ActionResult<{ purchaseId: string }>>;

/** JSON dates arrive as strings. */
type Wire = Omit<TryItState, "visit" | "lead" | "purchase"> & {
  visit: (Omit<NonNullable<TryItState["visit"]>, "at"> & { at: string }) | null;
  lead: (Omit<NonNullable<TryItState["lead"]>, "at"> & { at: string }) | null;
  purchase: (Omit<NonNullable<TryItState["purchase"]>, "at"> & { at: string }) | null;
};

/**
 * Try it (local use only): open the demo shop through an affiliate's link, sign up, buy, then
 * refund or dispute the sale as Stripe's world would. The view is polled every second, so each
 * step shows up here as soon as Leadtrail has recorded it.
 */
export function TryItPanel({ act, sample }: { act: Act; sample: SampleDataAct }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const query = useQuery({
    queryKey: dashboardKeys.tryIt,
    queryFn: () => fetchJson<Wire>("/api/dashboard/try-it"),
    refetchInterval: 1000,
    staleTime: 0,
  });
  const mutation = useMutation({
    mutationFn: async (action: "refund" | "dispute") => {
      const result = await act({ action });
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    onMutate: () => setError(null),
    onError: (e) => setError(e.message),
    onSettled: () => queryClient.invalidateQueries({ queryKey: dashboardKeys.all }),
  });
  const state = query.data;
  const purchase = state?.purchase ?? null;
  useRefreshOnChange(
    state &&
      [state.visit?.at, state.lead?.at, purchase?.id, purchase?.status, purchase?.commissionStatus].join("|"),
  );
  return (
    <section aria-label="Try it" className="rounded-lg border border-brand-100 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-800">Try it: watch a sale arrive</h2>
        <p className="text-xs text-slate-500">Local use only · Stripe is simulated</p>
      </div>
      {query.isError && <Alert tone="error">Try it could not be loaded: {query.error.message}</Alert>}
      {state && !state.shopUrl && (
        <p className="mt-3 text-sm text-slate-600">
          Connect Stripe first (Apps → App Store → Add Stripe): the demo shop sells through your simulated
          Stripe account.
        </p>
      )}
      {state?.shopUrl && (
        <div className="mt-3 grid gap-6 lg:grid-cols-2">
          <div className="space-y-3 text-sm text-slate-700">
            <p>
              <strong>1.</strong> Open the demo shop (another site, with your tracking snippet) through an
              affiliate&apos;s link:
            </p>
            {state.links.length === 0 && <p className="text-slate-500">Add an active affiliate first.</p>}
            <ul className="space-y-1">
              {state.links.map((link) => (
                <li key={link.code}>
                  <a
                    className="text-brand-600 hover:underline"
                    href={link.url}
                    target="_blank"
                    rel="noopener"
                  >
                    Open the shop via {link.name}&apos;s link
                  </a>
                  {link.couponCode && (
                    <span className="text-slate-500"> · coupon code {link.couponCode}</span>
                  )}
                </li>
              ))}
            </ul>
            <p>
              <strong>2.</strong> Sign up there (a lead), then buy a plan on the simulated Checkout. A coupon
              code credits its affiliate even without their link.
            </p>
            <p>
              <strong>3.</strong> Refund or dispute the sale as Stripe would; the commission follows.
            </p>
            <div className="flex flex-wrap gap-2">
              <Button
                variant="secondary"
                disabled={!purchase || mutation.isPending}
                onClick={() => mutation.mutate("refund")}
              >
                Refund latest purchase
              </Button>
              <Button
                variant="secondary"
                disabled={!purchase || mutation.isPending}
                onClick={() => mutation.mutate("dispute")}
              >
                Dispute latest purchase
              </Button>
            </div>
            {error && <Alert tone="error">{error}</Alert>}
          </div>
          <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2 text-sm" aria-live="polite">
            <dt className="text-slate-500">Latest visit</dt>
            <dd data-testid="try-it-visit">
              {state.visit ? `${time(state.visit.at)} · ${credit(state.visit.affiliateCode)}` : "none yet"}
            </dd>
            <dt className="text-slate-500">Latest lead</dt>
            <dd data-testid="try-it-lead">
              {state.lead
                ? `${state.lead.email} · ${time(state.lead.at)} · ${credit(state.lead.affiliateCode)}`
                : "none yet"}
            </dd>
            <dt className="text-slate-500">Latest purchase</dt>
            <dd data-testid="try-it-purchase">
              {purchase
                ? `${formatMoney(purchase.amount, purchase.currency)} · ${purchaseStatus(purchase)} · ${credit(purchase.affiliateCode)}`
                : "none yet"}
            </dd>
            <dt className="text-slate-500">Its commission</dt>
            <dd data-testid="try-it-commission">
              {purchase?.commissionAmount != null && purchase.commissionStatus
                ? `${formatMoney(purchase.commissionAmount, purchase.currency)} · ${purchase.commissionStatus.replace("_", " ")}`
                : "none"}
            </dd>
          </dl>
        </div>
      )}
      {state && <SampleDataControls loaded={state.sampleData} act={sample} />}
    </section>
  );
}

/**
 * Something new arrived: the rest of the overview (charts, the checklist) follows at once instead
 * of at its own next refresh.
 */
function useRefreshOnChange(signature: string | undefined) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const seen = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (signature === undefined) return;
    if (seen.current !== undefined && seen.current !== signature) {
      void queryClient.invalidateQueries({ queryKey: ["dashboard", "overview"] });
      router.refresh();
    }
    seen.current = signature;
  }, [signature, queryClient, router]);
}

function time(at: string) {
  return new Date(at).toLocaleTimeString("en-US", { timeZone: "UTC", timeStyle: "medium" });
}

function credit(code: string | null) {
  return code ? `credited to ${code}` : "no affiliate";
}

function purchaseStatus(p: NonNullable<Wire["purchase"]>) {
  const status = p.status.replace("_", " ");
  return p.disputeStatus ? `${status}, dispute ${p.disputeStatus}` : status;
}
