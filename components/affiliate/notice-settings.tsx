"use client";

import { useState, useTransition } from "react";
import { Alert, Card } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import type { ActionResult } from "@/lib/auth/action";

export const COMMISSION_NOTICE_LABEL = "Email me about each new commission";

/** The affiliate's optional mail; payout notices and invitations are always sent. */
export function NoticeSettings({
  on,
  save,
}: {
  on: boolean;
  save: (input: { on: boolean }) => Promise<ActionResult<{ on: boolean }>>;
}) {
  const [checked, setChecked] = useState(on);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <Card title="Email">
      <div className="space-y-4">
        {message && <Alert tone={message.tone}>{message.text}</Alert>}
        <Switch
          label={COMMISSION_NOTICE_LABEL}
          checked={checked}
          disabled={pending}
          onChange={(next) =>
            startTransition(async () => {
              const result = await save({ on: next });
              if (!result.ok) return setMessage({ tone: "error", text: result.error });
              setChecked(result.data.on);
              setMessage({
                tone: "success",
                text: result.data.on
                  ? "You will get an email for each new commission."
                  : "You will no longer get an email for each new commission.",
              });
            })
          }
          description="Sent when a sale you referred earns a commission, with its amount and when it becomes payable. Payout notices are always sent."
        />
      </div>
    </Card>
  );
}
