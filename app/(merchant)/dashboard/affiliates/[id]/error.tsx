"use client";

import { RouteError, type RouteErrorProps } from "@/components/shared/route-error";

export default function AffiliateError({ error, retry }: RouteErrorProps) {
  return <RouteError title="This affiliate could not be loaded" error={error} retry={retry} />;
}
