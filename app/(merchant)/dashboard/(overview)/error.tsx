"use client";

import { RouteError, type RouteErrorProps } from "@/components/shared/route-error";

export default function OverviewError({ error, retry }: RouteErrorProps) {
  return <RouteError title="The overview could not be loaded" error={error} retry={retry} />;
}
