import { Writable } from "@/components/merchant/role-context";
import { TrackingSettingsForm } from "@/components/merchant/tracking-settings-form";
import { CopyButton } from "@/components/shared/copy-button";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { getMerchant } from "@/db/queries/merchants";
import { requireMerchant } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { DEFAULT_AFFILIATE_PARAM, trackingSnippet } from "@/lib/tracking/settings";

export const metadata = { title: "Tracking" };

export default async function TrackingSettingsPage() {
  const { merchantId } = await requireMerchant();
  const merchant = (await getMerchant(await getDb(), merchantId))!;
  const snippet = trackingSnippet(env().APP_URL, merchant.publicKey);
  return (
    <>
      <PageHeader
        title="Tracking"
        description="Install the script on every page of your site; visits and sign-ups are then attributed to your affiliates."
      />
      <div className="space-y-6">
        <Card title="Tracking script">
          <p className="mb-3 text-sm text-slate-600">
            Paste this into the &lt;head&gt; of every page of your site.
          </p>
          <div className="flex flex-wrap items-start gap-3">
            <code
              data-testid="tracking-snippet"
              className="flex-1 rounded bg-slate-100 px-3 py-2 font-mono text-sm break-all"
            >
              {snippet}
            </code>
            <CopyButton value={snippet} label="Copy snippet" />
          </div>
          <p className="mt-4 text-sm" data-testid="installation-status">
            {merchant.firstVisitAt ? (
              <span className="text-emerald-700">
                First visit received at {formatDateTime(merchant.firstVisitAt)}
              </span>
            ) : (
              <span className="text-slate-600">No visits yet</span>
            )}
          </p>
          <details className="mt-4 text-sm text-slate-600">
            <summary className="cursor-pointer font-medium text-slate-800">
              Recording leads and purchases
            </summary>
            <ul className="mt-2 list-disc space-y-1 pl-5">
              <li>
                <code>Leadtrail.autoWatch()</code> captures the email of any form submitted on the page (or
                add <code>data-auto-watch</code> to the script tag); <code>Leadtrail.watch(selector)</code>{" "}
                only those forms.
              </li>
              <li>
                <code>Leadtrail.recordLead(email, data)</code> records a sign-up yourself.
              </li>
              <li>
                <code>Leadtrail.recordPurchase(email, {"{ purchase_code, amount, currency }"})</code> records
                a sale (amount in cents); it stays unverified until Stripe confirms it.
              </li>
              <li>
                Pass <code>Leadtrail.trackingId()</code> to Stripe Checkout as{" "}
                <code>client_reference_id</code>, or as customer or subscription metadata{" "}
                <code>leadtrail_tid</code>.
              </li>
            </ul>
          </details>
        </Card>
        <Card title="Settings">
          <Writable>
            <TrackingSettingsForm
              initial={{
                siteUrl: merchant.siteUrl ?? "",
                extraParams: merchant.affiliateParams.filter((p) => p !== DEFAULT_AFFILIATE_PARAM).join(", "),
                attributionWindowDays: merchant.attributionWindowDays,
                attributionModel: merchant.attributionModel,
                allowedOrigins: merchant.allowedOrigins.join("\n"),
              }}
            />
          </Writable>
        </Card>
      </div>
    </>
  );
}
