"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { openDashboard, switchProgram } from "@/components/shared/switch-program";

export interface ProgramChoice {
  merchantId: string;
  name: string;
  role: string;
}

/** The dashboard header's program picker, for members of more than one merchant. */
export function ProgramSwitcher({ current, programs }: { current: string; programs: ProgramChoice[] }) {
  const router = useRouter();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (programs.length < 2) return null;

  async function open(merchantId: string) {
    setBusy(true);
    setError(null);
    const switched = await switchProgram(merchantId);
    setBusy(false);
    if (!switched) {
      setError("You are no longer a member of that program.");
      router.refresh();
      return;
    }
    openDashboard("/dashboard");
  }

  return (
    <div className="mt-3">
      <label htmlFor={id} className="block text-xs font-medium text-slate-500">
        Switch program
      </label>
      <select
        id={id}
        value={current}
        disabled={busy}
        onChange={(event) => void open(event.target.value)}
        className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
      >
        {programs.map((p) => (
          <option key={p.merchantId} value={p.merchantId}>
            {p.name} ({p.role})
          </option>
        ))}
      </select>
      {error && (
        <p role="alert" className="mt-2 text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
