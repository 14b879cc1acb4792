"use client";

import { RouteError, type RouteErrorProps } from "@/components/shared/route-error";

export default function AffiliatesError({ error, retry }: RouteErrorProps) {
  return <RouteError title="The affiliates could not be loaded" error={error} retry={retry} />;
}
