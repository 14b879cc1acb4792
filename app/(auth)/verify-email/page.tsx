import Link from "next/link";
import { Alert } from "@/components/ui/card";

export const metadata = { title: "Verify your email" };

/** Where the verification link lands (app/api/account/verify-email/route.ts verified it or not). */
export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ status?: string }>;
}) {
  const verified = (await searchParams).status === "verified";
  return (
    <>
      <h1 className="mb-4 text-lg font-semibold">{verified ? "Email verified" : "Verify your email"}</h1>
      {verified ? (
        <Alert tone="success">Thank you: your email address is verified. You can now connect Stripe.</Alert>
      ) : (
        <Alert tone="warning">
          This verification link has expired or was already used. If your email is not verified yet, sign in
          and send a new link from the banner at the top of your dashboard.
        </Alert>
      )}
      <p className="mt-6 text-sm">
        <Link className="font-medium text-brand-600 hover:underline" href="/dashboard">
          Go to your dashboard
        </Link>
      </p>
    </>
  );
}
