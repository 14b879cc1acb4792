"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { postJson } from "@/lib/http/post-json";

/** The reset link's form: the new password twice, then off to sign in with it. */
export function ResetPasswordForm({
  audience,
  token,
}: {
  audience: "merchant" | "affiliate";
  token: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) {
      setError("The two passwords do not match.");
      return;
    }
    setBusy(true);
    setError(null);
    const result = await postJson<{ programSlug: string | null }>("/api/account/password-reset/complete", {
      audience,
      token,
      password,
    });
    if (!result.ok) {
      setBusy(false);
      setError(result.message);
      return;
    }
    const program = result.data.programSlug ? `&program=${encodeURIComponent(result.data.programSlug)}` : "";
    router.push(audience === "merchant" ? "/login?reset=1" : `/portal?reset=1${program}`);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && <Alert tone="error">{error}</Alert>}
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters"
        required
      />
      <Field
        label="Repeat new password"
        name="confirm"
        type="password"
        autoComplete="new-password"
        required
      />
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
