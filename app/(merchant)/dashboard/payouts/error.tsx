"use client";

import { PageError } from "@/components/shared/page-error";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  return <PageError title="Payouts" error={error} retry={retry} />;
}
