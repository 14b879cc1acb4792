"use client";

import { RouteError, type RouteErrorProps } from "@/components/shared/route-error";

export default function PortalError({ error, retry }: RouteErrorProps) {
  return <RouteError title="This page could not be loaded" error={error} retry={retry} />;
}
