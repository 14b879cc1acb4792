import Link from "next/link";
import { LoginForm } from "@/components/shared/login-form";
import { Alert } from "@/components/ui/card";
import { safeCallbackPath } from "@/lib/auth/callback-url";

export const metadata = { title: "Log in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return (
    <>
      <h1 className="mb-6 text-lg font-semibold">Log in to your dashboard</h1>
      {params.reset === "1" && (
        <div className="mb-4">
          <Alert tone="success">Your password was changed. Sign in with your new password.</Alert>
        </div>
      )}
      <LoginForm provider="merchant" callbackUrl={safeCallbackPath(params.callbackUrl, "/dashboard")} />
      <p className="mt-4 text-sm">
        <Link className="font-medium text-brand-600 hover:underline" href="/forgot-password">
          Forgot password?
        </Link>
      </p>
      <p className="mt-6 text-sm text-slate-600">
        New here?{" "}
        <Link className="font-medium text-brand-600 hover:underline" href="/signup">
          Create an account
        </Link>
      </p>
      <p className="mt-2 text-sm text-slate-600">
        Are you an affiliate?{" "}
        <Link className="font-medium text-brand-600 hover:underline" href="/portal">
          Go to the affiliate portal
        </Link>
      </p>
    </>
  );
}
