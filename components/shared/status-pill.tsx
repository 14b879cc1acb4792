const TONES = {
  green: "bg-emerald-100 text-emerald-800",
  amber: "bg-amber-100 text-amber-900",
  blue: "bg-brand-50 text-brand-700",
  red: "bg-red-100 text-red-800",
  grey: "bg-slate-100 text-slate-700",
};

const COMMISSION: Record<string, [string, keyof typeof TONES]> = {
  pending: ["Pending", "amber"],
  due: ["Due", "blue"],
  paid: ["Paid", "green"],
  cancelled: ["Cancelled", "grey"],
  on_hold: ["On hold", "red"],
};
const PURCHASE: Record<string, [string, keyof typeof TONES]> = {
  completed: ["Completed", "green"],
  unverified: ["Unverified", "grey"],
  refunded: ["Refunded", "grey"],
  partially_refunded: ["Partly refunded", "amber"],
  disputed: ["Disputed", "red"],
};
const PAYOUT: Record<string, [string, keyof typeof TONES]> = {
  draft: ["Processing", "amber"],
  paid: ["Paid", "green"],
  discarded: ["Discarded", "grey"],
};

const MAIL: Record<string, [string, keyof typeof TONES]> = {
  queued: ["Queued", "amber"],
  sent: ["Sent", "green"],
  failed: ["Failed", "red"],
};

const KINDS = { commission: COMMISSION, purchase: PURCHASE, payout: PAYOUT, mail: MAIL };

/** A status as a coloured pill (the word is always there: colour is never the only cue). */
export function StatusPill({ kind, status }: { kind: keyof typeof KINDS; status: string }) {
  const [label, tone] = KINDS[kind][status] ?? [status, "grey"];
  return (
    <span
      className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${TONES[tone]}`}
    >
      {label}
    </span>
  );
}

/** Test-mode rows are always marked (SPEC §4). */
export function TestBadge({ livemode }: { livemode: boolean }) {
  if (livemode) return null;
  return (
    <span
      title="Stripe test mode: excluded from payouts"
      className="ml-1.5 inline-flex rounded bg-amber-100 px-1.5 py-0.5 text-[11px] font-semibold tracking-wide text-amber-900 uppercase"
    >
      Test
    </span>
  );
}
