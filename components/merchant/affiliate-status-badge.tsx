const tones = {
  pending: "bg-amber-100 text-amber-900",
  active: "bg-emerald-100 text-emerald-800",
  inactive: "bg-slate-200 text-slate-700",
};
const labels = { pending: "Pending approval", active: "Active", inactive: "Inactive" };

export function AffiliateStatusBadge({ status }: { status: keyof typeof tones }) {
  return (
    <span
      className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${tones[status]}`}
    >
      {labels[status]}
    </span>
  );
}
