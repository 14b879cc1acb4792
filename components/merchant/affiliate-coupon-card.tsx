"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { MenuButton } from "@/components/ui/menu";
import { resyncCouponAction, setCouponCodeAction } from "@/lib/actions/affiliates/coupon";
import type { AffiliateCouponState } from "@/lib/coupons/progress";
import { couponSyncKeys, couponSyncUrls } from "@/lib/coupons/query-keys";
import { CouponSyncBadge } from "./coupon-sync-badge";

type Message = { tone: "success" | "error" | "info"; text: string };

async function fetchState(affiliateId: string): Promise<AffiliateCouponState> {
  const res = await fetch(couponSyncUrls.affiliate(affiliateId), { cache: "no-store" });
  if (!res.ok) throw new Error(`coupon sync state: ${res.status}`);
  return ((await res.json()) as { coupon: AffiliateCouponState }).coupon;
}

function outcome(state: AffiliateCouponState): Message {
  if (state.status === "synced") return { tone: "success", text: "Coupon code synced with Stripe." };
  if (state.status === "failed")
    return { tone: "error", text: `Sync failed: ${state.error ?? "unknown reason"}` };
  if (state.status === "pending") {
    return { tone: "info", text: "Still syncing with Stripe; this page updates when it is done." };
  }
  return { tone: "info", text: "Nothing to sync." };
}

/**
 * The affiliate's coupon code: set it (Save), see its Stripe sync state (polled while pending),
 * and re-sync it on demand: Re-sync → stripe_connect → Re-sync.
 */
export function AffiliateCouponCard({
  affiliateId,
  initial,
  stripeConnected,
  autoSync,
}: {
  affiliateId: string;
  initial: AffiliateCouponState;
  stripeConnected: boolean;
  autoSync: boolean;
}) {
  const queryClient = useQueryClient();
  const key = couponSyncKeys.affiliate(affiliateId);
  const { data: state } = useQuery({
    queryKey: key,
    queryFn: () => fetchState(affiliateId),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.status === "pending" ? 1_000 : false),
  });
  const [message, setMessage] = useState<Message | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();

  function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const couponCode = String(new FormData(event.currentTarget).get("couponCode") ?? "");
    startTransition(async () => {
      const result = await setCouponCodeAction({ affiliateId, couponCode });
      if (!result.ok) return setMessage({ tone: "error", text: result.error });
      queryClient.setQueryData(key, result.data);
      const saved = result.data.couponCode ? "Coupon code saved." : "Coupon code removed.";
      const next =
        result.data.status === "pending"
          ? " Syncing with Stripe…"
          : result.data.couponCode && !autoSync
            ? " Re-sync to put it in Stripe, or turn on Automatically Sync Affiliate Coupons."
            : "";
      setMessage({ tone: "success", text: saved + next });
    });
  }

  function resync() {
    startTransition(async () => {
      const result = await resyncCouponAction({ affiliateId });
      setConfirming(false);
      if (!result.ok) return setMessage({ tone: "error", text: result.error });
      queryClient.setQueryData(key, result.data);
      setMessage(outcome(result.data));
    });
  }

  return (
    <Card
      title="Coupon code"
      actions={
        <MenuButton
          label="Re-sync"
          disabled={pending}
          items={[
            {
              label: "stripe_connect",
              disabled: !stripeConnected,
              onSelect: () => {
                setMessage(null);
                setConfirming(true);
              },
            },
          ]}
        />
      }
    >
      <div className="space-y-4">
        {message && <Alert tone={message.tone}>{message.text}</Alert>}
        <form onSubmit={save} className="flex max-w-md items-end gap-2" noValidate aria-label="Coupon code">
          <Field
            className="flex-1"
            label="Coupon code"
            name="couponCode"
            autoComplete="off"
            defaultValue={initial.couponCode ?? ""}
            hint="Letters, digits and dashes, up to 50. Customers enter it at checkout; leave empty to remove it."
          />
          <Button type="submit" disabled={pending}>
            Save
          </Button>
        </form>
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          Stripe:
          <CouponSyncBadge status={state.status} error={state.error} testId="coupon-sync-status" />
          {state.promotionCodeId && (
            <code className="font-mono text-xs text-slate-500" data-testid="coupon-promotion-code">
              {state.promotionCodeId}
            </code>
          )}
        </p>
        {!stripeConnected && (
          <p className="text-sm text-slate-600">Connect Stripe in Apps to sync coupon codes.</p>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        title="Re-sync this coupon code with Stripe?"
        confirmLabel="Re-sync"
        busyLabel="Re-syncing…"
        confirmVariant="primary"
        busy={pending}
        onCancel={() => setConfirming(false)}
        onConfirm={resync}
      >
        <p>
          Leadtrail makes sure your Stripe account has exactly one active promotion code{" "}
          {state.couponCode ? (
            <>
              <code className="font-mono">{state.couponCode}</code>{" "}
            </>
          ) : null}
          for this affiliate, on your affiliate coupon, and deactivates an outdated one.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
