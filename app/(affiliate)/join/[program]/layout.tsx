import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getDb } from "@/db";
import { findMerchantBySlug } from "@/db/queries/affiliate-program";

/** An unknown program is a 404, decided before the page's loading boundary starts streaming. */
export default async function ProgramLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ program: string }>;
}) {
  if (!(await findMerchantBySlug(await getDb(), (await params).program))) notFound();
  return children;
}
