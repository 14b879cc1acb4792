"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { CopyButton } from "@/components/shared/copy-button";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import type { ActionResult } from "@/lib/auth/action";
import { formatDateTime } from "@/lib/format";
import { MEMBER_ROLES, ROLE_LABELS } from "@/lib/team/role-names";

interface Invited {
  email: string;
  role: string;
  link: string;
  expiresAt: string;
}

/**
 * An owner invites someone by email with a role. The link is mailed, and shown here once too,
 * to copy (the page never shows it again: only its hash is kept).
 */
export function InviteMemberForm({
  invite,
}: {
  invite: (input: { email: string; role: string }) => Promise<ActionResult<Invited>>;
}) {
  const router = useRouter();
  const roleId = useId();
  const [error, setError] = useState<string | null>(null);
  const [invited, setInvited] = useState<Invited | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    startTransition(async () => {
      const result = await invite({
        email: String(data.get("email") ?? ""),
        role: String(data.get("role") ?? ""),
      });
      if (!result.ok) return setError(result.error);
      setError(null);
      setInvited(result.data);
      form.reset();
      router.refresh();
    });
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Invite a team member">
        {error && <Alert tone="error">{error}</Alert>}
        <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
          <Field label="Member email" name="email" type="email" autoComplete="off" required />
          <div>
            <label htmlFor={roleId} className="block text-sm font-medium text-slate-700">
              Member role
            </label>
            <select
              id={roleId}
              name="role"
              defaultValue="viewer"
              className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
            >
              {MEMBER_ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Inviting…" : "Send invitation"}
        </Button>
      </form>
      {invited && (
        <div
          className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900"
          role="status"
        >
          <p className="font-medium">
            Invitation sent to {invited.email} ({invited.role})
          </p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code
              data-testid="member-invitation-link"
              className="rounded bg-white px-2 py-1 font-mono text-xs break-all text-slate-800"
            >
              {invited.link}
            </code>
            <CopyButton value={invited.link} label="Copy invitation link" />
          </div>
          <p className="mt-2 text-emerald-800">
            We emailed this link; you can also send it yourself. It is shown only now, works once and expires{" "}
            {formatDateTime(invited.expiresAt)}.
          </p>
        </div>
      )}
    </div>
  );
}
