"use client";

import { useState, useTransition } from "react";
import { saveCommissionPlanAction } from "@/app/(merchant)/dashboard/settings/commissions/actions";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import type { CommissionPlanInput } from "@/lib/settings/commission-plan";

const select = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

/** Percent is entered as a percentage and stored in basis points; flat amounts in the main unit. */
export function CommissionPlanForm({ plan }: { plan: CommissionPlanInput }) {
  const [type, setType] = useState(plan.type);
  const [recurrence, setRecurrence] = useState(plan.recurrence);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const percent = Number(form.get("rate") ?? 0);
    const flat = Number(form.get("flat") ?? 0);
    startTransition(async () => {
      const result = await saveCommissionPlanAction({
        type,
        rateBps: Math.round(percent * 100),
        flatAmount: type === "flat" ? Math.round(flat * 100) : null,
        recurrence,
        recurrenceMonths: recurrence === "months" ? Number(form.get("months") ?? 0) : null,
        holdDays: Number(form.get("hold") ?? 0),
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
        <div>
          <label htmlFor="plan-type" className="block text-sm font-medium text-slate-700">
            Commission type
          </label>
          <select
            id="plan-type"
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
          <label htmlFor="plan-recurrence" className="block text-sm font-medium text-slate-700">
            Recurring payments
          </label>
          <select
            id="plan-recurrence"
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
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save plan"}
        </Button>
      </form>
    </Card>
  );
}
