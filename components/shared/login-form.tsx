"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { safeCallbackPath } from "@/lib/auth/callback-url";

/** Sign-in form for either audience; the provider decides which accounts it checks. */
export function LoginForm({
  provider,
  callbackUrl,
  program,
}: {
  provider: "merchant" | "affiliate";
  callbackUrl: string;
  program?: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await signIn(provider, {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      program: program ?? "",
      redirect: false,
    });
    if (!result || result.error) {
      setBusy(false);
      setError(
        result?.status === 429
          ? "Too many sign-in attempts. Wait a minute, then try again."
          : "Email or password is incorrect.",
      );
      return;
    }
    // Checked again here: the form may be given a target by any page that renders it.
    router.push(safeCallbackPath(callbackUrl, provider === "merchant" ? "/dashboard" : "/portal"));
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && <Alert tone="error">{error}</Alert>}
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
