import Link from "next/link";
import { PortalAuthFrame } from "@/components/affiliate/portal-auth-frame";
import { ForgotPasswordForm } from "@/components/shared/forgot-password-form";
import { getDb } from "@/db";
import { findMerchantBySlug } from "@/db/queries/affiliate-program";

export const metadata = { title: "Forgot password · Affiliate portal" };

/**
 * Like the portal's sign-in, the program comes from the link (?program=): with it, the reset is
 * for that program's account; without it, for each program the address has an account in.
 */
export default async function PortalForgotPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ program?: string }>;
}) {
  const { program } = await searchParams;
  const merchant =
    typeof program === "string" && program ? await findMerchantBySlug(await getDb(), program) : null;
  const back = merchant ? `/portal?program=${encodeURIComponent(merchant.slug)}` : "/portal";
  return (
    <PortalAuthFrame>
      <h1 className="text-lg font-semibold">Reset your portal password</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">
        {merchant
          ? `Enter the email of your ${merchant.name} affiliate account. We'll send you a link to choose a new password.`
          : "Enter the email you sign in to the portal with. We'll send a link for each program you are an affiliate of."}
      </p>
      <ForgotPasswordForm audience="affiliate" program={merchant?.slug} />
      <p className="mt-6 text-sm text-slate-600">
        Remembered it?{" "}
        <Link className="font-medium text-brand-600 hover:underline" href={back}>
          Sign in
        </Link>
      </p>
    </PortalAuthFrame>
  );
}
