import { Button } from "@/components/ui/button";

/** "Newer" / "Older" for a useCursorPages list; hidden when everything fits on one page. */
export function PagerButtons({
  label,
  pager,
  busy,
}: {
  label: string;
  pager: { hasNewer: boolean; hasOlder: boolean; newer: () => void; older: () => void };
  busy?: boolean;
}) {
  const { hasNewer, hasOlder } = pager;
  if (!hasNewer && !hasOlder) return null;
  return (
    <nav aria-label={label} className="mt-3 flex gap-2">
      <Button variant="secondary" className="px-3 py-1.5" disabled={!hasNewer || busy} onClick={pager.newer}>
        Newer
      </Button>
      <Button variant="secondary" className="px-3 py-1.5" disabled={!hasOlder || busy} onClick={pager.older}>
        Older
      </Button>
    </nav>
  );
}
