import { Alert } from "@/components/ui/card";
import type { Payout } from "@/db/schema";

const LABEL: Record<Payout["status"], string> = { draft: "Draft", paid: "Paid", discarded: "Discarded" };
const TONE: Record<Payout["status"], string> = {
  draft: "bg-sky-100 text-sky-800",
  paid: "bg-emerald-100 text-emerald-800",
  discarded: "bg-slate-200 text-slate-700",
};

export function PayoutStatus({ status }: { status: Payout["status"] }) {
  return (
    <span data-testid="payout-status" className={`rounded px-2 py-0.5 text-xs font-medium ${TONE[status]}`}>
      {LABEL[status]}
    </span>
  );
}

/** After "Create payout": affiliates left out because their clawbacks outweigh what they are owed. */
export function CarriedOverNotice({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <div className="mb-4">
      <Alert tone="info">
        {count === 1 ? "One affiliate's" : `${count} affiliates'`} clawbacks are as large as what they are
        owed, so their commissions were left out and carry over to a later payout.
      </Alert>
    </div>
  );
}
