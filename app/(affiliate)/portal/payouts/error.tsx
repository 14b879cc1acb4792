"use client";

import { RouteError, type RouteErrorProps } from "@/components/shared/route-error";

export default function PortalPayoutsError({ error, retry }: RouteErrorProps) {
  return <RouteError title="Your payouts could not be loaded" error={error} retry={retry} />;
}
