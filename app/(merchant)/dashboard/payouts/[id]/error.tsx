"use client";

import { RouteError, type RouteErrorProps } from "@/components/shared/route-error";

export default function PayoutError({ error, retry }: RouteErrorProps) {
  return <RouteError title="This payout could not be loaded" error={error} retry={retry} />;
}
