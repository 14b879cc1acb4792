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
