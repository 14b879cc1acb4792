"use client";

import { ErrorPanel } from "@/components/shared/error-panel";

export default function AffiliatesError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <ErrorPanel title="The affiliates could not be loaded" error={error} reset={reset} />;
}
