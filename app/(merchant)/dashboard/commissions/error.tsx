"use client";

import { RouteError, type RouteErrorProps } from "@/components/shared/route-error";

export default function CommissionsError({ error, retry }: RouteErrorProps) {
  return <RouteError title="The commissions could not be loaded" error={error} retry={retry} />;
}
