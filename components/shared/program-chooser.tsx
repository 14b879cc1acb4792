"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/card";
import { openDashboard, switchProgram } from "./switch-program";

/** One button per program the user belongs to; the server checks the choice again. */
export function ProgramChooser({
  programs,
  callbackUrl,
}: {
  programs: { merchantId: string; name: string; role: string }[];
  callbackUrl: string;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function choose(merchantId: string) {
    setBusy(merchantId);
    setError(null);
    if (!(await switchProgram(merchantId))) {
      setBusy(null);
      setError("You are no longer a member of that program.");
      router.refresh();
      return;
    }
    openDashboard(callbackUrl.startsWith("/dashboard") ? callbackUrl : "/dashboard");
  }

  return (
    <div className="space-y-2">
      {error && <Alert tone="error">{error}</Alert>}
      <ul className="space-y-2">
        {programs.map((p) => (
          <li key={p.merchantId}>
            <button
              type="button"
              disabled={busy !== null}
              onClick={() => void choose(p.merchantId)}
              className="flex w-full items-center justify-between rounded-md border border-slate-300 bg-white px-4 py-3 text-left text-sm hover:bg-slate-50 disabled:opacity-60"
            >
              <span className="font-medium text-slate-800">{p.name}</span>
              <span className="text-xs text-slate-500">{p.role}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
