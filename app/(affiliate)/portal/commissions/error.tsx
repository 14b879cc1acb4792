"use client";

import { RouteError, type RouteErrorProps } from "@/components/shared/route-error";

export default function PortalCommissionsError({ error, retry }: RouteErrorProps) {
  return <RouteError title="Your commissions could not be loaded" error={error} retry={retry} />;
}
