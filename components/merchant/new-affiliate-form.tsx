"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { createAffiliateAction } from "@/lib/actions/affiliates/create";

export function NewAffiliateForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "");
    startTransition(async () => {
      const result = await createAffiliateAction({
        firstName: value("firstName"),
        lastName: value("lastName"),
        email: value("email"),
        code: value("code"),
      });
      if (!result.ok) return setError(result.error);
      setError(null);
      router.push(`/dashboard/affiliates/${result.data.id}`);
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="New affiliate">
      {error && <Alert tone="error">{error}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="First name" name="firstName" autoComplete="off" />
        <Field label="Last name" name="lastName" autoComplete="off" />
        <Field label="Email" name="email" type="email" autoComplete="off" required />
        <Field
          label="Referral code"
          name="code"
          autoComplete="off"
          required
          hint="Letters, digits, - and _. Used in links: ?afmc=code"
        />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add affiliate"}
      </Button>
    </form>
  );
}
