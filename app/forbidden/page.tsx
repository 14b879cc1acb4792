import Link from "next/link";
import { SignOutButton } from "@/components/shared/sign-out-button";

export const metadata = { title: "Not available" };

const link = "rounded-md px-3.5 py-2 text-sm font-medium text-brand-600 hover:underline";

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ area?: string }> }) {
  const { area } = await searchParams;
  // A member whose role does not reach the page (requireMerchantRole).
  if (area === "owner" || area === "admin") {
    return (
      <main className="mx-auto max-w-md px-4 py-24 text-center">
        <h1 className="text-xl font-semibold">
          {area === "owner" ? "This page is for owners" : "This page is for owners and admins"}
        </h1>
        <p className="mt-3 text-sm text-slate-600">
          Your role in this program does not include it. An owner can change your role in Settings → Team.
        </p>
        <div className="mt-6 flex justify-center">
          <Link className={link} href="/dashboard">
            Back to the dashboard
          </Link>
        </div>
      </main>
    );
  }
  const portal = area === "portal";
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-xl font-semibold">
        {portal ? "The portal is for affiliates" : "The dashboard is for merchants"}
      </h1>
      <p className="mt-3 text-sm text-slate-600">
        {portal
          ? "You are signed in as a merchant. Sign out and sign in with your affiliate account to use the portal."
          : "You are signed in as an affiliate. Your referral link and earnings are in the affiliate portal."}
      </p>
      <div className="mt-6 flex justify-center gap-3">
        <Link className={link} href={portal ? "/dashboard" : "/portal"}>
          {portal ? "Back to the dashboard" : "Open the portal"}
        </Link>
        <SignOutButton to={portal ? "/portal" : "/login"} />
      </div>
    </main>
  );
}
