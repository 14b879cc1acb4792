"use client";

import { useState, useTransition } from "react";
import { CopyButton } from "@/components/shared/copy-button";
import { Button } from "@/components/ui/button";
import { issueInvitationAction } from "@/lib/actions/affiliates/program";
import { formatDateTime } from "@/lib/format";

/** A fresh one-time link, emailed, for an affiliate who has no portal password yet (an earlier link stops working). */
export function AffiliateInviteLink({ affiliateId }: { affiliateId: string }) {
  const [invite, setInvite] = useState<{ link: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">
        They have not set a portal password yet. Send them an invitation: we email them a link to set one, and
        show it here to copy too.
      </p>
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await issueInvitationAction({ affiliateId });
            if (!result.ok) return setError(result.error);
            setError(null);
            setInvite(result.data);
          })
        }
      >
        {pending ? "Sending…" : invite ? "Send a new invitation" : "Send invitation"}
      </Button>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {invite && (
        <div role="status" className="flex flex-wrap items-center gap-2">
          <code
            data-testid="invitation-link"
            className="rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all"
          >
            {invite.link}
          </code>
          <CopyButton value={invite.link} label="Copy invitation link" />
          <span className="text-xs text-slate-500">
            Emailed. Works once, until {formatDateTime(invite.expiresAt)}.
          </span>
        </div>
      )}
    </div>
  );
}
