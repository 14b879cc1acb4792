/** What a dashboard page shows while its data loads (a route's loading.tsx). */
export function PageLoading({ title }: { title: string }) {
  return (
    <div role="status" aria-live="polite" aria-label={`Loading ${title.toLowerCase()}`}>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
      <div className="space-y-3" aria-hidden>
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-10 animate-pulse rounded-md bg-slate-200/70" />
        ))}
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
