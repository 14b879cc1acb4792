import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { requireMerchant } from "@/lib/auth/session";

export const metadata = { title: "Settings" };

const sections = [
  {
    href: "/dashboard/settings/api-keys",
    title: "API keys",
    text: "Your public tracking key and the private key for the REST API.",
  },
  {
    href: "/dashboard/settings/tracking",
    title: "Tracking",
    text: "The tracking snippet, affiliate link parameters, attribution window and model, allowed origins.",
  },
  {
    href: "/dashboard/settings/commissions",
    title: "Commission plan",
    text: "Percent or flat, first purchase or recurring, and the hold before commissions are due.",
  },
  {
    href: "/dashboard/mail",
    title: "Sent mail",
    text: "Every message Leadtrail sent for your program, and whether it arrived at the mail server.",
  },
];

export default async function SettingsPage() {
  await requireMerchant();
  return (
    <>
      <PageHeader title="Settings" />
      <div className="grid gap-4 md:grid-cols-2">
        {sections.map((s) => (
          <Link
            key={s.href}
            href={s.href}
            className="block rounded-lg focus-visible:outline-2 focus-visible:outline-brand-500"
          >
            <Card title={s.title}>
              <p className="text-sm text-slate-600">{s.text}</p>
            </Card>
          </Link>
        ))}
      </div>
    </>
  );
}
