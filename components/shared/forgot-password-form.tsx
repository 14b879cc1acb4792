"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { postJson } from "@/lib/http/post-json";

/** Asks for the address to send a reset link to; the answer never says whether it has an account. */
export function ForgotPasswordForm({
  audience,
  program,
}: {
  audience: "merchant" | "affiliate";
  program?: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "");
    setBusy(true);
    setError(null);
    const result = await postJson<{ message: string }>("/api/account/password-reset", {
      audience,
      email,
      program: program ?? "",
    });
    setBusy(false);
    if (result.ok) setSent(result.data.message);
    else setError(result.message);
  }

  if (sent) return <Alert tone="success">{sent}</Alert>;
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && <Alert tone="error">{error}</Alert>}
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Sending…" : "Send reset link"}
      </Button>
    </form>
  );
}
