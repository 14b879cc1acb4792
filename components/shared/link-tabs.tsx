import Link from "next/link";

/** A row of links that switch a list's view (filter, order); the current one is marked. */
export function LinkTabs({
  label,
  items,
}: {
  label: string;
  items: { href: string; label: string; current: boolean; count?: number }[];
}) {
  return (
    <nav aria-label={label} className="inline-flex rounded-lg border border-slate-200 bg-slate-100/80 p-0.5">
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          aria-current={item.current ? "page" : undefined}
          className={`rounded-md px-3 py-1.5 text-sm font-medium transition ${
            item.current ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"
          }`}
        >
          {item.label}
          {item.count ? (
            <span className="ml-1.5 rounded-full bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900">
              {item.count}
            </span>
          ) : null}
        </Link>
      ))}
    </nav>
  );
}
