import Link from "next/link";
import { displayName } from "@/lib/format";

type Named = { code: string | null; firstName: string | null; lastName: string | null; email: string | null };

/** An affiliate's name linking to their page, or "None". */
export function AffiliateLink({ id, affiliate }: { id: string | null; affiliate: Named | null }) {
  if (!id || !affiliate?.code) return <span className="text-slate-400">None</span>;
  return (
    <Link className="text-brand-600 hover:underline" href={`/dashboard/affiliates/${id}`}>
      {displayName(affiliate)} <span className="font-mono text-xs text-slate-500">({affiliate.code})</span>
    </Link>
  );
}

export function TestModeBadge({ livemode }: { livemode: boolean }) {
  if (livemode) return null;
  return (
    <span
      title="Stripe test mode: excluded from payouts"
      className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800"
    >
      Test
    </span>
  );
}
