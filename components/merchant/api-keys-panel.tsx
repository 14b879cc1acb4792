"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { CopyButton } from "@/components/shared/copy-button";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { rotatePrivateKeyAction } from "@/lib/actions/settings/api-keys";

export function ApiKeysPanel({
  publicKey,
  privateKey,
}: {
  publicKey: string;
  privateKey: { prefix: string; createdAt: string } | null;
}) {
  const router = useRouter();
  const [revealed, setRevealed] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function rotate() {
    if (privateKey && !window.confirm("Rotate the private key? The current key stops working immediately."))
      return;
    startTransition(async () => {
      const result = await rotatePrivateKeyAction({});
      if (!result.ok) return setError(result.error);
      setError(null);
      setRevealed(result.data.key);
      router.refresh();
    });
  }

  return (
    <div className="space-y-6">
      <Card title="Public key">
        <p className="mb-3 text-sm text-slate-600">
          Safe to embed in your site: it can only record visits and leads.
        </p>
        <div className="flex items-center gap-3">
          <code data-testid="public-key" className="rounded bg-slate-100 px-2 py-1 font-mono text-sm">
            {publicKey}
          </code>
          <CopyButton value={publicKey} label="Copy public key" />
        </div>
      </Card>
      <Card title="Private key">
        {error && <Alert tone="error">{error}</Alert>}
        {revealed && (
          <div className="mb-4 space-y-2">
            <Alert tone="warning">Copy this key now. For your security it will not be shown again.</Alert>
            <div className="flex items-center gap-3">
              <code
                data-testid="new-private-key"
                className="rounded bg-slate-100 px-2 py-1 font-mono text-sm break-all"
              >
                {revealed}
              </code>
              <CopyButton value={revealed} label="Copy private key" />
            </div>
          </div>
        )}
        {privateKey ? (
          <p className="mb-4 text-sm text-slate-600">
            Active key{" "}
            <code data-testid="private-key-prefix" className="font-mono">
              {privateKey.prefix}…
            </code>
            , created {new Date(privateKey.createdAt).toLocaleString("en-US", { timeZone: "UTC" })} UTC.
          </p>
        ) : (
          <p className="mb-4 text-sm text-slate-600">No private key yet. Create one to use the REST API.</p>
        )}
        <Button onClick={rotate} disabled={pending} variant={privateKey ? "secondary" : "primary"}>
          {pending ? "Working…" : privateKey ? "Rotate private key" : "Create private key"}
        </Button>
      </Card>
    </div>
  );
}
