/**
 * What a route shows while its data loads (a loading.tsx): its title when known, placeholder
 * shapes for the rest, announced once to screen readers.
 */
export function PageSkeleton({
  label,
  title,
  cards = 0,
  chart = false,
  rows = 0,
}: {
  label: string;
  title?: string;
  cards?: number;
  chart?: boolean;
  rows?: number;
}) {
  const block = "animate-pulse rounded-lg bg-slate-200/70";
  return (
    <div role="status" aria-label={label} className="space-y-6">
      {title ? (
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
      ) : (
        <div className="space-y-2">
          <div className={`${block} h-7 w-48`} />
          <div className={`${block} h-4 w-80`} />
        </div>
      )}
      {cards > 0 && (
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-5">
          {Array.from({ length: cards }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
            <div key={i} className={`${block} h-24`} />
          ))}
        </div>
      )}
      {chart && <div className={`${block} h-80`} />}
      {rows > 0 && (
        <div className="space-y-2">
          {Array.from({ length: rows }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
            <div key={i} className={`${block} h-10`} />
          ))}
        </div>
      )}
      <span className="sr-only">{label}…</span>
    </div>
  );
}
