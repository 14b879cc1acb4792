"use client";

import { RouteError, type RouteErrorProps } from "@/components/shared/route-error";

export default function JoinError({ error, retry }: RouteErrorProps) {
  return (
    <main className="mx-auto max-w-lg px-4 py-16">
      <RouteError title="This page could not be loaded" error={error} retry={retry} />
    </main>
  );
}
