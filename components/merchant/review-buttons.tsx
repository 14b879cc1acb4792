"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/auth/action";

type Decide = (input: {
  commissionId: string;
  decision: "approve" | "reject";
}) => Promise<ActionResult<{ decided: string }>>;

/** Approve (release to the normal hold) or reject (cancel) one commission held for review. */
export function ReviewButtons({
  commissionId,
  label,
  decide,
}: {
  commissionId: string;
  label: string;
  decide: Decide;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (decision: "approve" | "reject") =>
    startTransition(async () => {
      const result = await decide({ commissionId, decision });
      if (!result.ok) return setError(result.error);
      setError(null);
      router.refresh();
    });
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <Button type="button" disabled={pending} aria-label={`Approve ${label}`} onClick={() => run("approve")}>
        Approve
      </Button>
      <Button
        type="button"
        variant="secondary"
        disabled={pending}
        aria-label={`Reject ${label}`}
        onClick={() => run("reject")}
      >
        Reject
      </Button>
      {error && (
        <p role="alert" className="w-full text-right text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
