import Link from "next/link";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/shared/login-form";
import { SignOutButton } from "@/components/shared/sign-out-button";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db";
import { getMerchant } from "@/db/queries/merchants";
import { currentSession, requireAffiliate } from "@/lib/auth/session";

export const metadata = { title: "Affiliate portal" };

/** Sign-in page for affiliates when signed out; their portal home when signed in. */
export default async function PortalPage({ searchParams }: { searchParams: Promise<{ program?: string }> }) {
  const session = await currentSession();
  if (session?.user.role === "merchant") redirect("/forbidden?area=portal");
  if (!session) {
    const { program } = await searchParams;
    return (
      <main className="flex min-h-screen flex-col items-center justify-center px-4">
        <p className="mb-8 text-xl font-semibold tracking-tight text-brand-700">
          Leadtrail · Affiliate portal
        </p>
        <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
          <h1 className="mb-6 text-lg font-semibold">Sign in to the affiliate portal</h1>
          <LoginForm provider="affiliate" callbackUrl="/portal" program={program} />
          <p className="mt-6 text-sm text-slate-600">
            Running a program?{" "}
            <Link className="font-medium text-brand-600 hover:underline" href="/login">
              Merchant log in
            </Link>
          </p>
        </div>
      </main>
    );
  }
  const affiliate = await requireAffiliate();
  const merchant = await getMerchant(await getDb(), affiliate.merchantId);
  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <header className="mb-8 flex items-center justify-between">
        <div>
          <p className="text-sm text-slate-500">{merchant?.name} affiliate program</p>
          <h1 className="text-2xl font-semibold">Welcome, {affiliate.name}</h1>
        </div>
        <SignOutButton to="/portal" />
      </header>
      <Card title="Your account">
        <p className="text-sm text-slate-600">Signed in as {affiliate.email}.</p>
      </Card>
    </main>
  );
}
