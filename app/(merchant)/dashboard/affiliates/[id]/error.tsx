"use client";

import { ErrorPanel } from "@/components/shared/error-panel";

export default function AffiliateError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <ErrorPanel title="This affiliate could not be loaded" error={error} reset={reset} />;
}
