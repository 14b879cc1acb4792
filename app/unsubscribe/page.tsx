import Link from "next/link";
import { connection } from "next/server";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { getDb } from "@/db";
import { unsubscribeTarget } from "@/lib/affiliates/unsubscribe";
import { AppError } from "@/lib/errors";
import { portalSignInLink } from "@/lib/mail/links";

export const metadata = { title: "Stop new-commission emails" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Where a notice's "Stop these emails" link lands, signed out. Opening it changes nothing (mail
 * scanners open links): the button does, and the page then shows the setting as it now is.
 */
export default async function UnsubscribePage({ searchParams }: Props) {
  await connection();
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(await searchParams))
    if (typeof value === "string") params.set(name, value);
  let target: Awaited<ReturnType<typeof unsubscribeTarget>>;
  try {
    target = await unsubscribeTarget(await getDb(), params);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <Frame title="Stop new-commission emails">
        <Alert tone="error">{error.message}</Alert>
      </Frame>
    );
  }
  const portal = portalSignInLink(target.programSlug);
  if (!target.commissionNotices) {
    return (
      <Frame title="You are unsubscribed">
        <p className="text-sm text-slate-700">
          {target.program} no longer emails {target.email} about each new commission. Payout notices still
          arrive.
        </p>
        <p className="mt-4 text-sm text-slate-600">
          Changed your mind? Turn them back on in the{" "}
          <Link className="font-medium text-brand-600 hover:underline" href={portal}>
            affiliate portal
          </Link>{" "}
          under Settings.
        </p>
      </Frame>
    );
  }
  return (
    <Frame title="Stop new-commission emails?">
      <p className="text-sm text-slate-700">
        {target.program} emails {target.email} each time a sale you referred earns a commission.
      </p>
      <form method="post" action={`/api/unsubscribe?${params.toString()}`} className="mt-6">
        <Button type="submit">Stop these emails</Button>
      </form>
    </Frame>
  );
}

function Frame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4">
      <p className="mb-8 text-xl font-semibold tracking-tight text-brand-700">Leadtrail</p>
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-4 text-lg font-semibold">{title}</h1>
        {children}
      </div>
    </main>
  );
}
