"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { CopyButton } from "@/components/shared/copy-button";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { inviteAffiliateAction } from "@/lib/actions/affiliates/program";
import { formatDateTime } from "@/lib/format";

/**
 * Invites someone by email: they are added as pending and are mailed a one-time link to set
 * their password. The link is shown here too, to send another way.
 */
export function InviteAffiliateForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [invite, setInvite] = useState<{ email: string; link: string; expiresAt: string } | null>(null);
  const [pending, startTransition] = useTransition();
  // Rendered on demand, so its fields never share a label with the "Add an affiliate" form.
  const [open, setOpen] = useState(false);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? "");
    startTransition(async () => {
      const result = await inviteAffiliateAction({
        email: value("email"),
        firstName: value("firstName"),
        lastName: value("lastName"),
      });
      if (!result.ok) return setError(result.error);
      setError(null);
      setInvite({ email: result.data.email, link: result.data.link, expiresAt: result.data.expiresAt });
      form.reset();
      router.refresh();
    });
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        They are added as pending and we email them a link to set their password; following it approves them.
      </p>
      {!open && (
        <Button variant="secondary" aria-expanded={false} onClick={() => setOpen(true)}>
          Invite someone
        </Button>
      )}
      {open && (
        <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Invite an affiliate">
          {error && <Alert tone="error">{error}</Alert>}
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="Invitee email" name="email" type="email" autoComplete="off" required />
            <Field label="Invitee first name" name="firstName" autoComplete="off" hint="Optional" />
            <Field label="Invitee last name" name="lastName" autoComplete="off" hint="Optional" />
          </div>
          <Button type="submit" disabled={pending}>
            {pending ? "Sending…" : "Send invitation"}
          </Button>
        </form>
      )}
      {invite && (
        <div
          className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900"
          role="status"
        >
          <p className="font-medium">Invitation emailed to {invite.email}</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code
              data-testid="invitation-link"
              className="rounded bg-white px-2 py-1 font-mono text-xs break-all text-slate-800"
            >
              {invite.link}
            </code>
            <CopyButton value={invite.link} label="Copy invitation link" />
          </div>
          <p className="mt-2 text-emerald-800">
            You can also copy the link and send it yourself. It works once and expires{" "}
            {formatDateTime(invite.expiresAt)}; the message is listed under Settings → Sent mail.
          </p>
        </div>
      )}
    </div>
  );
}
