import Link from "next/link";
import { PortalAuthFrame } from "@/components/affiliate/portal-auth-frame";
import { ResetPasswordForm } from "@/components/shared/reset-password-form";
import { Alert } from "@/components/ui/card";
import { getDb } from "@/db";
import { openResetLink, RESET_LINK_INVALID } from "@/lib/account/password-reset";

export const metadata = { title: "Choose a new password · Affiliate portal" };

export default async function PortalResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const { token } = await searchParams;
  const link = typeof token === "string" ? await openResetLink(await getDb(), "affiliate", token) : null;
  if (!link || !token) {
    return (
      <PortalAuthFrame>
        <h1 className="mb-4 text-lg font-semibold">Choose a new password</h1>
        <Alert tone="warning">{RESET_LINK_INVALID}</Alert>
        <p className="mt-6 text-sm">
          <Link className="font-medium text-brand-600 hover:underline" href="/portal/forgot-password">
            Send a new link
          </Link>
        </p>
      </PortalAuthFrame>
    );
  }
  return (
    <PortalAuthFrame>
      <h1 className="text-lg font-semibold">Choose a new password</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">
        For your {link.programName ?? ""} affiliate account, {link.email}. Everywhere you are signed in, you
        will need to sign in again.
      </p>
      <ResetPasswordForm audience="affiliate" token={token} />
    </PortalAuthFrame>
  );
}
