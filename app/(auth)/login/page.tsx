import Link from "next/link";
import { LoginForm } from "@/components/shared/login-form";

export const metadata = { title: "Log in" };

/** Only same-site paths are honoured, so a crafted link cannot bounce a user elsewhere. */
function safeCallback(value: string | string[] | undefined): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : "/dashboard";
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return (
    <>
      <h1 className="mb-6 text-lg font-semibold">Log in to your dashboard</h1>
      <LoginForm provider="merchant" callbackUrl={safeCallback(params.callbackUrl)} />
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
