"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import { saveCouponSettingsAction } from "@/lib/actions/stripe/coupon-settings";
import type { CouponDiscount } from "@/lib/coupons/discount";
import type { CouponSyncProgress as Progress } from "@/lib/coupons/progress";
import { couponSyncKeys } from "@/lib/coupons/query-keys";
import { toMajorUnits, toMinorUnits } from "@/lib/money";
import { CouponSyncProgress } from "./coupon-sync-progress";

export const AUTO_SYNC_LABEL = "Automatically Sync Affiliate Coupons";

const select = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

/**
 * The affiliate discount Leadtrail's Stripe coupon is made from, and the automatic sync switch.
 * Saving with the switch on re-syncs every affiliate's code; the progress shows below.
 */
export function CouponSyncSettings({
  discount,
  autoSync: savedAutoSync,
  connected,
  progress,
}: {
  discount: CouponDiscount;
  autoSync: boolean;
  connected: boolean;
  progress: Progress | null;
}) {
  const queryClient = useQueryClient();
  const [type, setType] = useState(discount.discountType);
  const [duration, setDuration] = useState(discount.duration);
  const [autoSync, setAutoSync] = useState(savedAutoSync);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const currency = String(form.get("currency") ?? "")
      .trim()
      .toLowerCase();
    startTransition(async () => {
      const result = await saveCouponSettingsAction({
        discountType: type,
        percentOffBps: type === "percent" ? Math.round(Number(form.get("percent") ?? 0) * 100) : null,
        // Typed in the currency's main unit: 5.00 usd is 500 cents, 500 jpy is 500 yen.
        amountOff: type === "amount" ? toMinorUnits(Number(form.get("amount") ?? 0), currency) : null,
        currency: type === "amount" ? currency : null,
        duration,
        durationMonths: duration === "repeating" ? Number(form.get("months") ?? 0) : null,
        autoSync,
      });
      if (!result.ok) return setMessage({ tone: "error", text: result.error });
      setMessage({
        tone: "success",
        text: result.data.runId
          ? "Saved. Every affiliate's coupon code is being re-synced with Stripe."
          : "Saved.",
      });
      await queryClient.invalidateQueries({ queryKey: couponSyncKeys.all });
    });
  }

  return (
    <Card title="Affiliate coupons">
      <form onSubmit={save} className="space-y-4" noValidate aria-label="Affiliate coupons">
        {message && <Alert tone={message.tone}>{message.text}</Alert>}
        <p className="text-sm text-slate-600">
          Each affiliate&apos;s coupon code becomes a promotion code in your Stripe account, on one coupon
          that Leadtrail creates from this discount. A changed discount applies to codes synced from then on.
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="coupon-type" className="block text-sm font-medium text-slate-700">
              Discount
            </label>
            <select
              id="coupon-type"
              className={select}
              value={type}
              onChange={(e) => setType(e.target.value as typeof type)}
            >
              <option value="percent">Percent off</option>
              <option value="amount">Amount off</option>
            </select>
          </div>
          {type === "percent" ? (
            <Field
              label="Percent off (%)"
              name="percent"
              type="number"
              step="0.01"
              min="0.01"
              max="100"
              defaultValue={(discount.percentOffBps ?? 1000) / 100}
            />
          ) : (
            <div className="grid grid-cols-[1fr_6rem] gap-2">
              <Field
                label="Amount off"
                name="amount"
                type="number"
                step="0.01"
                min="0.01"
                defaultValue={toMajorUnits(discount.amountOff ?? 500, discount.currency)}
              />
              <Field
                label="Currency"
                name="currency"
                maxLength={3}
                defaultValue={discount.currency ?? "usd"}
                autoComplete="off"
              />
            </div>
          )}
          <div>
            <label htmlFor="coupon-duration" className="block text-sm font-medium text-slate-700">
              Duration
            </label>
            <select
              id="coupon-duration"
              className={select}
              value={duration}
              onChange={(e) => setDuration(e.target.value as typeof duration)}
            >
              <option value="once">Once (the first invoice)</option>
              <option value="repeating">Repeating for a number of months</option>
              <option value="forever">Forever</option>
            </select>
          </div>
          {duration === "repeating" && (
            <Field
              label="Months"
              name="months"
              type="number"
              min="1"
              max="36"
              defaultValue={discount.durationMonths ?? 3}
            />
          )}
        </div>
        <Switch
          label={AUTO_SYNC_LABEL}
          checked={autoSync}
          disabled={pending}
          onChange={(next) => {
            setMessage(null);
            setAutoSync(next);
          }}
          description={
            connected
              ? "When saved with this on, every existing affiliate's code is re-synced to Stripe, and each code is synced as soon as it is set or changed."
              : "Connect Stripe above to turn this on."
          }
        />
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </form>
      <div className="mt-5">
        <CouponSyncProgress initial={progress} />
      </div>
    </Card>
  );
}
