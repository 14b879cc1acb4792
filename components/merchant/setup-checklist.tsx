"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/auth/action";
import type { Checklist } from "@/lib/onboarding/checklist";

/** Getting started: four steps that tick themselves from the merchant's data; dismissible. */
export function SetupChecklist({
  checklist,
  dismiss,
}: {
  checklist: Checklist;
  dismiss: (input: Record<string, never>) => Promise<ActionResult<null>>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const { steps, done } = checklist;
  return (
    <section
      aria-label="Getting started"
      className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-800">
          Getting started · {done} of {steps.length} done
        </h2>
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              await dismiss({});
              router.refresh();
            })
          }
        >
          Dismiss checklist
        </Button>
      </div>
      <ul className="mt-3 space-y-2 text-sm">
        {steps.map((step) => (
          <li key={step.key} className="flex items-center gap-2" data-testid={`checklist-${step.key}`}>
            <span
              aria-hidden
              className={`inline-flex h-5 w-5 items-center justify-center rounded-full text-xs ${
                step.done ? "bg-emerald-100 text-emerald-700" : "border border-slate-300 text-transparent"
              }`}
            >
              ✓
            </span>
            {step.done ? (
              <span className="text-slate-500 line-through">{step.label}</span>
            ) : (
              <Link className="text-brand-600 hover:underline" href={step.href}>
                {step.label}
              </Link>
            )}
            <span className="sr-only">{step.done ? "(done)" : "(to do)"}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
