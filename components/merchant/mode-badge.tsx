/** Test-mode Stripe data is always visibly marked (SPEC §4). */
export function ModeBadge({ livemode }: { livemode: boolean }) {
  return livemode ? (
    <span className="inline-flex items-center rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800">
      Live mode
    </span>
  ) : (
    <span className="inline-flex items-center rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">
      Test mode
    </span>
  );
}
