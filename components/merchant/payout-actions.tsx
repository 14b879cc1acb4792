"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { discardPayoutAction, markPayoutPaidAction } from "@/lib/actions/payouts/payouts";

/** Download, pay, or discard a payout batch; the consequential two ask first. */
export function PayoutActions({
  payoutId,
  status,
  total,
  affiliates,
}: {
  payoutId: string;
  status: "draft" | "paid" | "discarded";
  total: string;
  affiliates: number;
}) {
  const router = useRouter();
  const [asking, setAsking] = useState<"paid" | "discard" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function confirm() {
    startTransition(async () => {
      const result =
        asking === "paid"
          ? await markPayoutPaidAction({ id: payoutId })
          : await discardPayoutAction({ id: payoutId });
      setAsking(null);
      if (!result.ok) return setError(result.error);
      setError(null);
      router.refresh();
    });
  }

  return (
    <div className="space-y-3">
      {error && <Alert tone="error">{error}</Alert>}
      <div className="flex flex-wrap gap-3">
        {status !== "discarded" && (
          <a
            href={`/dashboard/payouts/${payoutId}/csv`}
            download
            className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50"
          >
            Download CSV
          </a>
        )}
        {status === "draft" && (
          <>
            <Button onClick={() => setAsking("paid")} disabled={pending}>
              Mark as paid
            </Button>
            <Button variant="danger" onClick={() => setAsking("discard")} disabled={pending}>
              Discard payout
            </Button>
          </>
        )}
      </div>
      <ConfirmDialog
        open={asking === "paid"}
        title="Mark this payout as paid?"
        confirmLabel="Mark as paid"
        busy={pending}
        onCancel={() => setAsking(null)}
        onConfirm={confirm}
      >
        <p>
          Confirm that you sent {total} to {affiliates} {affiliates === 1 ? "affiliate" : "affiliates"} (for
          example with the PayPal file). Their commissions become paid; this cannot be undone.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === "discard"}
        title="Discard this payout?"
        confirmLabel="Discard payout"
        busy={pending}
        onCancel={() => setAsking(null)}
        onConfirm={confirm}
      >
        <p>Its commissions return to the due list, ready for another payout. Nothing is paid.</p>
      </ConfirmDialog>
    </div>
  );
}
