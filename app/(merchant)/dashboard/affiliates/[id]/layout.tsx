import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getDb } from "@/db";
import { getAffiliate } from "@/db/queries/affiliates";
import { requireMerchant } from "@/lib/auth/session";

/**
 * Answers 404 for an affiliate that is not this merchant's before the page's loading boundary
 * starts streaming (after which the status can no longer change). The page checks again.
 */
export default async function AffiliateLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { merchantId } = await requireMerchant();
  if (!(await getAffiliate(await getDb(), merchantId, (await params).id))) notFound();
  return children;
}
