"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const items = [
  { href: "/dashboard", label: "Overview" },
  { href: "/dashboard/affiliates", label: "Affiliates" },
  { href: "/dashboard/leads", label: "Leads" },
  { href: "/dashboard/purchases", label: "Purchases" },
  { href: "/dashboard/commissions", label: "Commissions" },
  { href: "/dashboard/payouts", label: "Payouts" },
  { href: "/dashboard/apps", label: "Apps" },
  { href: "/dashboard/settings", label: "Settings" },
];

export function MerchantNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Dashboard" className="flex flex-col gap-0.5">
      {items.map((item) => {
        const active = item.href === "/dashboard" ? pathname === item.href : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-2 text-sm font-medium ${active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
