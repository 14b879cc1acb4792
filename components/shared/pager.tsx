import Link from "next/link";

/** Newest-first cursor pagination: back to the first page, or on to the next. */
export function Pager({
  basePath,
  params = {},
  cursor,
  nextCursor,
}: {
  basePath: string;
  params?: Record<string, string | undefined>;
  cursor: string | null;
  nextCursor: string | null;
}) {
  if (!cursor && !nextCursor) return null;
  const href = (next: string | null) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
    if (next) query.set("cursor", next);
    const qs = query.toString();
    return qs ? `${basePath}?${qs}` : basePath;
  };
  const link =
    "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50";
  return (
    <nav aria-label="Pagination" className="mt-4 flex gap-3">
      {cursor && (
        <Link className={link} href={href(null)}>
          First page
        </Link>
      )}
      {nextCursor && (
        <Link className={link} href={href(nextCursor)}>
          Next page
        </Link>
      )}
    </nav>
  );
}
