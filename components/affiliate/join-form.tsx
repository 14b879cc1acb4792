"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { joinProgramAction } from "@/lib/actions/auth/join";

/** Join a program (or accept an invitation), then go straight into the portal signed in. */
export function JoinForm({
  program,
  invite,
}: {
  program: string;
  invite?: { token: string; email: string; firstName: string; lastName: string };
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "");
    setBusy(true);
    setError(null);
    const password = value("password");
    const result = await joinProgramAction({
      program,
      invite: invite?.token,
      firstName: value("firstName"),
      lastName: value("lastName"),
      email: invite ? undefined : value("email"),
      password,
    });
    if (!result.ok) {
      setBusy(false);
      setError(result.error);
      return;
    }
    const signedIn = await signIn("affiliate", {
      email: result.data.email,
      password,
      program,
      redirect: false,
    });
    if (!signedIn || signedIn.error) {
      setBusy(false);
      setError("You have joined, but signing in failed. Sign in at the affiliate portal.");
      return;
    }
    router.push("/portal");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Join the program">
      {error && <Alert tone="error">{error}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="First name"
          name="firstName"
          autoComplete="given-name"
          defaultValue={invite?.firstName}
          required
        />
        <Field
          label="Last name"
          name="lastName"
          autoComplete="family-name"
          defaultValue={invite?.lastName}
          required
        />
      </div>
      {invite ? (
        <Field
          label="Email"
          name="email"
          type="email"
          value={invite.email}
          readOnly
          hint="The address you were invited with"
        />
      ) : (
        <Field label="Email" name="email" type="email" autoComplete="email" required />
      )}
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters"
        required
      />
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Joining…" : invite ? "Accept invitation" : "Join the program"}
      </Button>
    </form>
  );
}
