"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { Affiliate } from "@/db/schema";
import { changeAffiliateStatusAction } from "@/lib/actions/affiliates/program";
import type { StatusMove } from "@/lib/affiliates/status";

const MOVES: Record<Affiliate["status"], StatusMove[]> = {
  pending: ["approve", "deactivate"],
  active: ["deactivate"],
  inactive: ["reactivate"],
};
const LABELS: Record<StatusMove, string> = {
  approve: "Approve",
  deactivate: "Deactivate",
  reactivate: "Reactivate",
};

/** Approve / deactivate / reactivate one affiliate; deactivating asks first. */
export function AffiliateStatusButtons({
  affiliateId,
  name,
  status,
  compact = false,
}: {
  affiliateId: string;
  name: string;
  status: Affiliate["status"];
  compact?: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function run(move: StatusMove) {
    startTransition(async () => {
      const result = await changeAffiliateStatusAction({ affiliateId, move });
      setConfirming(false);
      if (!result.ok) return setError(result.error);
      setError(null);
      router.refresh();
    });
  }

  const act = (move: StatusMove) => (move === "deactivate" ? setConfirming(true) : run(move));
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      {MOVES[status].map((move) =>
        // In a list row only approving stands out; the other moves are quiet text buttons.
        compact && move !== "approve" ? (
          <button
            key={move}
            type="button"
            disabled={pending}
            aria-label={`${LABELS[move]} ${name}`}
            onClick={() => act(move)}
            className={`rounded px-1.5 py-1 text-xs font-medium text-slate-500 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 disabled:opacity-60 ${move === "deactivate" ? "hover:text-red-700" : "hover:text-slate-900"}`}
          >
            {LABELS[move]}
          </button>
        ) : (
          <Button
            key={move}
            className={compact ? "px-2.5 py-1 text-xs" : ""}
            variant={move === "deactivate" ? "danger" : move === "approve" ? "primary" : "secondary"}
            disabled={pending}
            aria-label={`${LABELS[move]} ${name}`}
            onClick={() => act(move)}
          >
            {LABELS[move]}
          </Button>
        ),
      )}
      {error && (
        <p role="alert" className="w-full text-right text-xs text-red-700">
          {error}
        </p>
      )}
      {/* Mounted only while asking: a list has one per row otherwise. */}
      {confirming && (
        <ConfirmDialog
          open
          title={`Deactivate ${name}?`}
          confirmLabel="Deactivate"
          busy={pending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => run("deactivate")}
        >
          Their referral links stop crediting them and they can no longer sign in to the portal. Commissions
          they already earned are kept. You can reactivate them later.
        </ConfirmDialog>
      )}
    </div>
  );
}
