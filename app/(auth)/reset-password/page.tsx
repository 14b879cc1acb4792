import Link from "next/link";
import { ResetPasswordForm } from "@/components/shared/reset-password-form";
import { Alert } from "@/components/ui/card";
import { getDb } from "@/db";
import { openResetLink, RESET_LINK_INVALID } from "@/lib/account/password-reset";

export const metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const { token } = await searchParams;
  const link = typeof token === "string" ? await openResetLink(await getDb(), "merchant", token) : null;
  if (!link || !token) {
    return (
      <>
        <h1 className="mb-4 text-lg font-semibold">Choose a new password</h1>
        <Alert tone="warning">{RESET_LINK_INVALID}</Alert>
        <p className="mt-6 text-sm">
          <Link className="font-medium text-brand-600 hover:underline" href="/forgot-password">
            Send a new link
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-lg font-semibold">Choose a new password</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">
        For {link.email}. Everywhere you are signed in, you will need to sign in again.
      </p>
      <ResetPasswordForm audience="merchant" token={token} />
    </>
  );
}
