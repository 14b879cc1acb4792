"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { saveCommissionPlanAction } from "@/lib/actions/settings/commission-plan";
import type { CommissionPlan } from "@/lib/commissions/plan";
import { CommissionPlanFields, readCommissionPlan } from "./commission-plan-fields";

/** The program's default plan. */
export function CommissionPlanForm({ plan, currency }: { plan: CommissionPlan; currency: string | null }) {
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const storeCurrency = String(form.get("currency") ?? "").trim();
      const result = await saveCommissionPlanAction({
        ...readCommissionPlan(form, plan),
        currency: storeCurrency,
      });
      setMessage(
        result.ok
          ? { tone: "success", text: "Commission plan saved." }
          : { tone: "error", text: result.error },
      );
    });
  }

  return (
    <Card title="Default plan">
      <form onSubmit={submit} className="max-w-lg space-y-4">
        {message && <Alert tone={message.tone}>{message.text}</Alert>}
        <Field
          label="Store currency"
          name="currency"
          maxLength={3}
          defaultValue={(currency ?? "usd").toUpperCase()}
          autoComplete="off"
          hint="The currency reports open with, and the first one a flat plan pays in"
        />
        <CommissionPlanFields plan={plan} currency={currency} />
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save plan"}
        </Button>
      </form>
    </Card>
  );
}
