"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { postJson } from "@/lib/http/post-json";

/**
 * Shown on every dashboard page until the user verifies their address (SPEC §12): the dashboard
 * works meanwhile, Stripe cannot be connected. Resend mails a new link (the old one stops working).
 */
export function VerifyEmailBanner({ email, localMailbox }: { email: string; localMailbox: boolean }) {
  const [note, setNote] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function resend() {
    setBusy(true);
    const result = await postJson("/api/account/verify-email/resend", {});
    setBusy(false);
    setNote(
      result.ok
        ? { tone: "ok", text: `We sent a new link to ${email}. Earlier links no longer work.` }
        : { tone: "error", text: result.message },
    );
  }

  return (
    <section
      aria-label="Verify your email"
      className="mb-6 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p>
          <strong>Verify your email.</strong> We sent a link to {email}. Until you follow it, Stripe cannot be
          connected.
          {localMailbox && (
            <>
              {" "}
              No mail server is configured:{" "}
              <a className="font-medium underline" href="/mail">
                open the local mailbox
              </a>
              .
            </>
          )}
        </p>
        <Button variant="secondary" onClick={resend} disabled={busy}>
          {busy ? "Sending…" : "Resend"}
        </Button>
      </div>
      {note && (
        <p role={note.tone === "error" ? "alert" : "status"} className="mt-2">
          {note.text}
        </p>
      )}
    </section>
  );
}
