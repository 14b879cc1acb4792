"use client";

import { RouteError, type RouteErrorProps } from "@/components/shared/route-error";

export default function PurchaseError({ error, retry }: RouteErrorProps) {
  return <RouteError title="This purchase could not be loaded" error={error} retry={retry} />;
}
