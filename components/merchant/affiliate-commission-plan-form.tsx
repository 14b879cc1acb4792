"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { saveCommissionOverrideAction } from "@/app/(merchant)/dashboard/affiliates/program-actions";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import type { CommissionPlan } from "@/lib/commissions/plan";

const select = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

/**
 * The affiliate's own commission plan, or the program's. Percent is entered as a percentage
 * (stored in basis points); flat amounts in the main unit (stored in minor units).
 */
export function AffiliateCommissionPlanForm({
  affiliateId,
  custom,
  plan,
  programSummary,
}: {
  affiliateId: string;
  /** Whether the affiliate has a plan of their own now. */
  custom: boolean;
  /** The plan in force (the affiliate's, or the program's). */
  plan: CommissionPlan;
  programSummary: string;
}) {
  const router = useRouter();
  const [useCustom, setUseCustom] = useState(custom);
  const [type, setType] = useState(plan.type);
  const [recurrence, setRecurrence] = useState(plan.recurrence);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const number = (name: string) => Number(form.get(name) ?? 0);
    const override = useCustom
      ? {
          useDefault: false,
          plan: {
            type,
            rateBps: type === "percent" ? Math.round(number("rate") * 100) : 0,
            flatAmount: type === "flat" ? Math.round(number("flat") * 100) : null,
            recurrence,
            recurrenceMonths: recurrence === "months" ? number("months") : null,
            holdDays: number("hold"),
          },
        }
      : { useDefault: true };
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
        {useCustom && (
          <>
            <div>
              <label htmlFor="affiliate-plan-type" className="block text-sm font-medium text-slate-700">
                Commission type
              </label>
              <select
                id="affiliate-plan-type"
                className={select}
                value={type}
                onChange={(e) => setType(e.target.value as typeof type)}
              >
                <option value="percent">Percent of each payment</option>
                <option value="flat">Flat amount per payment</option>
              </select>
            </div>
            {type === "percent" ? (
              <Field
                label="Rate (%)"
                name="rate"
                type="number"
                step="0.01"
                min="0"
                max="100"
                defaultValue={plan.rateBps / 100}
              />
            ) : (
              <Field
                label="Flat amount"
                name="flat"
                type="number"
                step="0.01"
                min="0"
                defaultValue={(plan.flatAmount ?? 0) / 100}
                hint="In your store's currency"
              />
            )}
            <div>
              <label htmlFor="affiliate-plan-recurrence" className="block text-sm font-medium text-slate-700">
                Recurring payments
              </label>
              <select
                id="affiliate-plan-recurrence"
                className={select}
                value={recurrence}
                onChange={(e) => setRecurrence(e.target.value as typeof recurrence)}
              >
                <option value="first">First purchase only</option>
                <option value="every">Every payment</option>
                <option value="months">Every payment for a number of months</option>
              </select>
            </div>
            {recurrence === "months" && (
              <Field
                label="Months"
                name="months"
                type="number"
                min="1"
                max="120"
                defaultValue={plan.recurrenceMonths ?? 12}
              />
            )}
            <Field
              label="Hold period (days)"
              name="hold"
              type="number"
              min="0"
              max="365"
              defaultValue={plan.holdDays}
              hint="Commissions become due after the hold, once refunds are unlikely."
            />
          </>
        )}
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save plan"}
        </Button>
      </form>
    </Card>
  );
}
