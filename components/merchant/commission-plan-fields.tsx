"use client";

import { useId, useState } from "react";
import { Field } from "@/components/ui/field";
import type { CommissionPlan } from "@/lib/commissions/plan";
import type { CommissionPlanFormInput } from "@/lib/commissions/plan-settings";
import { FlatAmountRows, readFlatAmountRows } from "./flat-amount-rows";

const select = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

/**
 * The fields of a commission plan, for the program's plan and an affiliate's own. Percent is
 * entered as a percentage (stored in basis points); a flat plan as one amount per currency it
 * pays in, the store's currency first.
 */
export function CommissionPlanFields({ plan, currency }: { plan: CommissionPlan; currency: string | null }) {
  const id = useId();
  const [type, setType] = useState(plan.type);
  const [recurrence, setRecurrence] = useState(plan.recurrence);
  return (
    <>
      <div>
        <label htmlFor={`${id}-type`} className="block text-sm font-medium text-slate-700">
          Commission type
        </label>
        <select
          id={`${id}-type`}
          name="type"
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
        <FlatAmountRows amounts={plan.flatAmounts} storeCurrency={currency} />
      )}
      <div>
        <label htmlFor={`${id}-recurrence`} className="block text-sm font-medium text-slate-700">
          Recurring payments
        </label>
        <select
          id={`${id}-recurrence`}
          name="recurrence"
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
  );
}

/**
 * The plan the fields above hold, as the server validates it: the rate in basis points, flat
 * amounts as typed (the server converts them by each currency's decimals). A hidden rate keeps
 * the previous one.
 */
export function readCommissionPlan(form: FormData, previous?: CommissionPlan): CommissionPlanFormInput {
  const number = (name: string) => Number(form.get(name) ?? 0);
  const type = form.get("type") === "flat" ? "flat" : "percent";
  const recurrence = (form.get("recurrence") as CommissionPlan["recurrence"] | null) ?? "every";
  return {
    type,
    rateBps: form.has("rate") ? Math.round(number("rate") * 100) : (previous?.rateBps ?? 0),
    flatAmounts: type === "flat" ? readFlatAmountRows(form) : [],
    recurrence,
    recurrenceMonths: recurrence === "months" ? number("months") : null,
    holdDays: number("hold"),
  };
}
