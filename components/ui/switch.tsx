"use client";

import { useId } from "react";

/** An accessible on/off switch: a real button with role="switch", named by its label. */
export function Switch({
  label,
  checked,
  onChange,
  disabled,
  description,
}: {
  label: string;
  checked: boolean;
  onChange: (next: boolean) => void;
  disabled?: boolean;
  description?: React.ReactNode;
}) {
  const id = useId();
  return (
    <div className="flex items-start gap-3">
      <button
        type="button"
        role="switch"
        id={id}
        aria-checked={checked}
        aria-describedby={description ? `${id}-description` : undefined}
        disabled={disabled}
        onClick={() => onChange(!checked)}
        className={`relative mt-0.5 inline-flex h-6 w-11 shrink-0 rounded-full transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60 ${checked ? "bg-brand-600" : "bg-slate-300"}`}
      >
        <span
          aria-hidden
          className={`inline-block h-5 w-5 translate-y-0.5 rounded-full bg-white shadow transition ${checked ? "translate-x-5.5" : "translate-x-0.5"}`}
        />
      </button>
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        {description && (
          <div id={`${id}-description`} className="text-sm text-slate-600">
            {description}
          </div>
        )}
      </div>
    </div>
  );
}
