"use client";

import { useId, useState } from "react";
import { CopyButton } from "@/components/shared/copy-button";
import { Button } from "@/components/ui/button";
import { buildReferralLink } from "@/lib/affiliates/links";

/** The affiliate's link to the merchant's site, and a builder for a link to any page of it. */
export function ReferralLinkCard({ siteUrl, param, code }: { siteUrl: string; param: string; code: string }) {
  const home = buildReferralLink(siteUrl, param, code);
  const [page, setPage] = useState("");
  const [built, setBuilt] = useState<{ ok: true; url: string } | { ok: false; error: string } | null>(null);
  const id = useId();
  const host = new URL(siteUrl).host;
  return (
    <section
      aria-labelledby={`${id}-title`}
      className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id={`${id}-title`} className="text-sm font-semibold text-slate-800">
        Your referral link
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Share it anywhere: visitors who arrive through it, and what they buy, are credited to you.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <code
          data-testid="portal-referral-link"
          className="min-w-0 flex-1 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-sm break-all text-slate-900"
        >
          {home.ok ? home.url : ""}
        </code>
        {home.ok && <CopyButton value={home.url} label="Copy link" />}
      </div>
      <form
        className="mt-5 border-t border-slate-100 pt-4"
        aria-label="Link to a page"
        onSubmit={(event) => {
          event.preventDefault();
          setBuilt(buildReferralLink(siteUrl, param, code, page));
        }}
      >
        <label htmlFor={`${id}-page`} className="block text-sm font-medium text-slate-700">
          Link to a specific page of {host}
        </label>
        <div className="mt-1 flex flex-wrap gap-2">
          <input
            id={`${id}-page`}
            value={page}
            onChange={(e) => setPage(e.target.value)}
            placeholder="/pricing or a full address on the site"
            aria-describedby={built && !built.ok ? `${id}-error` : undefined}
            aria-invalid={built && !built.ok ? true : undefined}
            className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
          />
          <Button type="submit" variant="secondary">
            Build link
          </Button>
        </div>
        {built && !built.ok && (
          <p id={`${id}-error`} className="mt-1 text-xs text-red-700">
            {built.error}
          </p>
        )}
        {built?.ok && (
          <div className="mt-3 flex flex-wrap items-center gap-2" role="status">
            <code
              data-testid="built-link"
              className="min-w-0 flex-1 rounded-md bg-brand-50 px-3 py-2 font-mono text-sm break-all text-brand-700"
            >
              {built.url}
            </code>
            <CopyButton value={built.url} label="Copy page link" />
          </div>
        )}
      </form>
    </section>
  );
}
