import { Button } from "@/components/ui/button";

/** "Newer" / "Older" for lists paged on the client. */
export function PagerButtons({
  label,
  hasNewer,
  hasOlder,
  onNewer,
  onOlder,
  busy,
}: {
  label: string;
  hasNewer: boolean;
  hasOlder: boolean;
  onNewer: () => void;
  onOlder: () => void;
  busy?: boolean;
}) {
  if (!hasNewer && !hasOlder) return null;
  return (
    <nav aria-label={label} className="mt-3 flex gap-2">
      <Button variant="secondary" className="px-3 py-1.5" disabled={!hasNewer || busy} onClick={onNewer}>
        Newer
      </Button>
      <Button variant="secondary" className="px-3 py-1.5" disabled={!hasOlder || busy} onClick={onOlder}>
        Older
      </Button>
    </nav>
  );
}
