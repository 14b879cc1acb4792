"use client";

import { RouteError, type RouteErrorProps } from "@/components/shared/route-error";

export default function PayoutsError({ error, retry }: RouteErrorProps) {
  return <RouteError title="The payouts could not be loaded" error={error} retry={retry} />;
}
