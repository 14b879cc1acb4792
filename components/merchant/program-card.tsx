"use client";

import { useState, useTransition } from "react";
import { CopyButton } from "@/components/shared/copy-button";
import { Switch } from "@/components/ui/switch";
import { setAutoApproveAction } from "@/lib/actions/affiliates/program";

/** The public page where anyone can join, and whether joiners need approval. */
export function ProgramCard({ joinUrl, autoApprove }: { joinUrl: string; autoApprove: boolean }) {
  const [enabled, setEnabled] = useState(autoApprove);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-4">
      <div>
        <p className="text-sm font-medium text-slate-700">Public sign-up page</p>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <a
            href={joinUrl}
            data-testid="join-link"
            className="rounded bg-slate-100 px-2 py-1 font-mono text-sm break-all text-brand-700 hover:underline"
            target="_blank"
            rel="noreferrer"
          >
            {joinUrl}
          </a>
          <CopyButton value={joinUrl} label="Copy sign-up link" />
        </div>
      </div>
      <Switch
        label="Approve new affiliates automatically"
        checked={enabled}
        disabled={pending}
        onChange={(next) =>
          startTransition(async () => {
            const result = await setAutoApproveAction({ enabled: next });
            if (!result.ok) return setError(result.error);
            setError(null);
            setEnabled(result.data.enabled);
          })
        }
        description="Off: people who sign up wait for your approval (pending). On: they are active at once and their links start earning."
      />
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
