"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { saveTrackingSettingsAction } from "@/lib/actions/settings/tracking";

export interface TrackingSettingsValues {
  siteUrl: string;
  extraParams: string;
  attributionWindowDays: number;
  attributionModel: "first_touch" | "last_touch";
  allowedOrigins: string;
}

const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none";

export function TrackingSettingsForm({ initial }: { initial: TrackingSettingsValues }) {
  const router = useRouter();
  const id = useId();
  const [status, setStatus] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "");
    startTransition(async () => {
      const result = await saveTrackingSettingsAction({
        siteUrl: value("siteUrl"),
        extraParams: value("extraParams"),
        attributionWindowDays: value("attributionWindowDays"),
        attributionModel: value("attributionModel") as TrackingSettingsValues["attributionModel"],
        allowedOrigins: value("allowedOrigins"),
      });
      setStatus(
        result.ok
          ? { tone: "success", text: "Tracking settings saved." }
          : { tone: "error", text: result.error },
      );
      if (result.ok) router.refresh();
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Tracking settings">
      {status && <Alert tone={status.tone}>{status.text}</Alert>}
      <Field
        label="Website URL"
        name="siteUrl"
        type="url"
        placeholder="https://shop.example"
        defaultValue={initial.siteUrl}
        hint="Referral links point here."
      />
      <Field
        label="Extra affiliate parameters"
        name="extraParams"
        defaultValue={initial.extraParams}
        placeholder="via, ref"
        hint="afmc is always recognised. Separate names with commas."
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Attribution window (days)"
          name="attributionWindowDays"
          type="number"
          min={1}
          max={365}
          defaultValue={initial.attributionWindowDays}
        />
        <div>
          <label htmlFor={`${id}-model`} className="block text-sm font-medium text-slate-700">
            Attribution model
          </label>
          <select
            id={`${id}-model`}
            name="attributionModel"
            defaultValue={initial.attributionModel}
            className={inputClass}
          >
            <option value="first_touch">First touch: the first affiliate keeps the visitor</option>
            <option value="last_touch">Last touch: the latest affiliate takes over</option>
          </select>
        </div>
      </div>
      <div>
        <label htmlFor={`${id}-origins`} className="block text-sm font-medium text-slate-700">
          Allowed origins
        </label>
        <textarea
          id={`${id}-origins`}
          name="allowedOrigins"
          rows={3}
          defaultValue={initial.allowedOrigins}
          placeholder={"https://shop.example\nhttps://*.shop.example"}
          aria-describedby={`${id}-origins-hint`}
          className={`${inputClass} font-mono`}
        />
        <p id={`${id}-origins-hint`} className="mt-1 text-xs text-slate-500">
          One per line. Leave empty to accept events from any site; otherwise other sites cannot use your key.
        </p>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save tracking settings"}
      </Button>
    </form>
  );
}
