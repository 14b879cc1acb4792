"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert, Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Switch } from "@/components/ui/switch";
import { setSubscriptionTrackingAction } from "@/lib/actions/stripe/subscription-tracking";

export const SUBSCRIPTION_TRACKING_LABEL = "Track subscription charges by specific transactions";

/** The subscription-tracking switch; every change goes through the warning first. */
export function SubscriptionTrackingSetting({ byTransaction }: { byTransaction: boolean }) {
  const router = useRouter();
  const [asked, setAsked] = useState<boolean | null>(null);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function confirm() {
    if (asked === null) return;
    startTransition(async () => {
      const result = await setSubscriptionTrackingAction({ byTransaction: asked, confirmed: true });
      setAsked(null);
      if (!result.ok) return setMessage({ tone: "error", text: result.error });
      setMessage({
        tone: "success",
        text: asked
          ? "Subscriptions are now tracked by specific transactions."
          : "Subscriptions are now tracked by their start and end dates.",
      });
      router.refresh();
    });
  }

  return (
    <Card title="Settings">
      <div className="space-y-4">
        {message && <Alert tone={message.tone}>{message.text}</Alert>}
        <Switch
          label={SUBSCRIPTION_TRACKING_LABEL}
          checked={byTransaction}
          disabled={pending}
          onChange={(next) => {
            setMessage(null);
            setAsked(next);
          }}
          description={
            <>
              <span className="mr-2 inline-block rounded bg-emerald-50 px-1.5 py-0.5 text-xs font-medium text-emerald-700">
                Recommended
              </span>
              {byTransaction
                ? "On: each paid invoice is a purchase and earns commission under your plan."
                : "Off: a subscription's start is the purchase; commissions accrue once per billing period until it ends."}
            </>
          }
        />
      </div>
      <ConfirmDialog
        open={asked !== null}
        title={
          asked
            ? "Track subscriptions by specific transactions?"
            : "Track subscriptions by start and end dates?"
        }
        confirmLabel="Change setting"
        busy={pending}
        onCancel={() => setAsked(null)}
        onConfirm={confirm}
      >
        <p>
          Changing this setting can have unintended and irreversible consequences for your commissions. It
          applies to subscriptions that start from now on; existing subscriptions keep the mode they started
          with.
        </p>
        <p className="mt-2">You should not need to change it. Are you sure?</p>
      </ConfirmDialog>
    </Card>
  );
}
