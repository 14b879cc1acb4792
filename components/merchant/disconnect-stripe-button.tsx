"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { disconnectStripeAction } from "@/lib/actions/stripe/connection";

export function DisconnectStripeButton({ account }: { account: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function disconnect() {
    const question = `Disconnect Stripe account ${account}? Leadtrail stops receiving its purchases, refunds and cancellations.`;
    if (!window.confirm(question)) return;
    startTransition(async () => {
      const result = await disconnectStripeAction({});
      if (!result.ok) return setError(result.error);
      setError(null);
      router.push("/dashboard/apps/stripe?disconnected=1");
      router.refresh();
    });
  }

  return (
    <div className="space-y-3">
      {error && <Alert tone="error">{error}</Alert>}
      <Button variant="danger" onClick={disconnect} disabled={pending}>
        {pending ? "Disconnecting…" : "Disconnect from Stripe"}
      </Button>
    </div>
  );
}
