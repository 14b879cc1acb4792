"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import type { ActionResult } from "@/lib/auth/action";
import { dashboardKeys } from "@/lib/query-keys";

export type SampleDataAct = (input: { action: "load" | "remove" }) => Promise<ActionResult<null>>;

/** Load sample data (90 days of made-up activity, marked) or remove exactly what it added. */
export function SampleDataControls({ loaded, act }: { loaded: boolean; act: SampleDataAct }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: async (action: "load" | "remove") => {
      const result = await act({ action });
      if (!result.ok) throw new Error(result.error);
    },
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: dashboardKeys.all });
      router.refresh();
    },
  });
  return (
    <div className="mt-5 border-t border-slate-100 pt-4 text-sm text-slate-700">
      {loaded ? (
        <Alert tone="warning">
          <strong>Sample data is loaded:</strong> the figures include 90 days of made-up activity from
          affiliates marked “(sample)”.
        </Alert>
      ) : (
        <p>
          Want charts to look at? Fill the last 90 days with made-up activity from a dozen sample affiliates.
        </p>
      )}
      <div className="mt-2 flex flex-wrap items-center gap-2">
        {loaded ? (
          <Button variant="danger" disabled={mutation.isPending} onClick={() => mutation.mutate("remove")}>
            Remove sample data
          </Button>
        ) : (
          <Button variant="secondary" disabled={mutation.isPending} onClick={() => mutation.mutate("load")}>
            Load sample data
          </Button>
        )}
        {mutation.isPending && <span className="text-slate-500">Working…</span>}
      </div>
      {mutation.isError && <Alert tone="error">{mutation.error.message}</Alert>}
    </div>
  );
}
