"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import type { ActionResult } from "@/lib/auth/action";
import { openDashboard, switchProgram } from "./switch-program";

/** Someone new to Leadtrail: a name and a password for the invited email, then the dashboard. */
export function NewMemberForm({
  token,
  email,
  accept,
}: {
  token: string;
  email: string;
  accept: (input: {
    token: string;
    name: string;
    password: string;
  }) => Promise<ActionResult<{ email: string }>>;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    setBusy(true);
    setError(null);
    const result = await accept({ token, name: String(form.get("name") ?? ""), password });
    if (!result.ok) {
      setBusy(false);
      return setError(result.error);
    }
    const signedIn = await signIn("merchant", { email: result.data.email, password, redirect: false });
    if (!signedIn || signedIn.error) {
      setBusy(false);
      return setError("You joined the team, but signing in failed. Log in with your new password.");
    }
    router.push("/dashboard");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Create your account">
      {error && <Alert tone="error">{error}</Alert>}
      <Field label="Email" name="email" type="email" value={email} readOnly />
      <Field label="Name" name="name" autoComplete="name" required />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters"
        required
      />
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Joining…" : "Join the team"}
      </Button>
    </form>
  );
}

/** Signed in as the invited email: one button, then that program's dashboard. */
export function AcceptInvitationButton({
  token,
  accept,
}: {
  token: string;
  accept: (input: { token: string }) => Promise<ActionResult<{ merchantId: string }>>;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onClick() {
    setBusy(true);
    setError(null);
    const result = await accept({ token });
    if (!result.ok) {
      setBusy(false);
      return setError(result.error);
    }
    await switchProgram(result.data.merchantId);
    openDashboard("/dashboard");
  }

  return (
    <div className="space-y-4">
      {error && <Alert tone="error">{error}</Alert>}
      <Button className="w-full" disabled={busy} onClick={() => void onClick()}>
        {busy ? "Joining…" : "Accept the invitation"}
      </Button>
    </div>
  );
}
