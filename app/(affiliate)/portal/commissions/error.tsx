"use client";

import { ErrorPanel } from "@/components/shared/error-panel";

export default function PortalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <ErrorPanel title="This page could not be loaded" error={error} reset={reset} />;
}
