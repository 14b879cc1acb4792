import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { KEY_PERMISSIONS } from "@/lib/stripe/key-permissions";

/**
 * The second way to connect (a self-hosted Leadtrail with no Connect platform): the merchant's
 * own restricted key, with the permissions it needs listed where the key is made.
 */
export function ConnectWithKeyForm({ action }: { action: (form: FormData) => Promise<void> }) {
  const reads = KEY_PERMISSIONS.filter((p) => p.access === "Read").map((p) => p.label);
  const writes = KEY_PERMISSIONS.filter((p) => p.access === "Write").map((p) => p.label);
  return (
    <form action={action} className="space-y-3" aria-label="Connect with an API key">
      <Field
        label="Restricted API key"
        name="key"
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder="rk_live_…"
        required
        hint="Stays encrypted on this server. Leadtrail uses it to read your sales and to sync affiliate coupons."
      />
      <details className="text-sm text-slate-600">
        <summary className="cursor-pointer font-medium text-slate-700">Which key to create</summary>
        <p className="mt-2">In Stripe, go to Developers → API keys → Create restricted key, and grant:</p>
        <ul className="mt-1 list-disc pl-5">
          <li>
            <strong>Read</strong>: {reads.join(", ")}
          </li>
          <li>
            <strong>Write</strong>: {writes.join(", ")}
          </li>
        </ul>
        <p className="mt-1">
          Leadtrail creates one webhook endpoint in your account for its events, and deletes it when you
          disconnect. A test-mode key (rk_test_…) connects in test mode.
        </p>
      </details>
      <Button type="submit" variant="secondary">
        Connect with API key
      </Button>
    </form>
  );
}
