"use client";

import { useState, useTransition } from "react";
import { saveCommissionPlanAction } from "@/app/(merchant)/dashboard/settings/commissions/actions";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import type { CommissionPlanInput } from "@/lib/settings/commission-plan";
import { CommissionPlanFields, readCommissionPlan } from "./commission-plan-fields";

/** The program's default plan. */
export function CommissionPlanForm({ plan }: { plan: CommissionPlanInput }) {
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await saveCommissionPlanAction(readCommissionPlan(form, plan));
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
        <CommissionPlanFields plan={plan} />
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save plan"}
        </Button>
      </form>
    </Card>
  );
}
