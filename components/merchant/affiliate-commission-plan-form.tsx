"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import { saveCommissionOverrideAction } from "@/lib/actions/affiliates/program";
import type { CommissionPlan } from "@/lib/commissions/plan";
import { CommissionPlanFields, readCommissionPlan } from "./commission-plan-fields";

/** The affiliate's own commission plan, or the program's. */
export function AffiliateCommissionPlanForm({
  affiliateId,
  custom,
  plan,
  currency,
  programSummary,
}: {
  affiliateId: string;
  /** Whether the affiliate has a plan of their own now. */
  custom: boolean;
  /** The plan in force (the affiliate's, or the program's). */
  plan: CommissionPlan;
  /** The store's currency, listed first among flat amounts; null until known. */
  currency: string | null;
  programSummary: string;
}) {
  const router = useRouter();
  const [useCustom, setUseCustom] = useState(custom);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const override = useCustom ? { useDefault: false, plan: readCommissionPlan(form) } : { useDefault: true };
    startTransition(async () => {
      const result = await saveCommissionOverrideAction({ affiliateId, override });
      setMessage(
        result.ok
          ? {
              tone: "success",
              text: useCustom ? "Custom plan saved." : "This affiliate now follows the program's plan.",
            }
          : { tone: "error", text: result.error },
      );
      if (result.ok) router.refresh();
    });
  }

  return (
    <Card title="Commission plan">
      <form onSubmit={submit} className="max-w-lg space-y-4" aria-label="Affiliate commission plan">
        {message && <Alert tone={message.tone}>{message.text}</Alert>}
        <Switch
          label="Custom plan for this affiliate"
          checked={useCustom}
          onChange={setUseCustom}
          description={`Off: the program's plan applies (${programSummary}). Changes apply to sales from now on.`}
        />
        {useCustom && <CommissionPlanFields plan={plan} currency={currency} />}
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save plan"}
        </Button>
      </form>
    </Card>
  );
}
