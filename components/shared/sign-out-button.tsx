"use client";

import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";

export function SignOutButton({ to = "/login" }: { to?: string }) {
  return (
    <Button variant="secondary" onClick={() => signOut({ callbackUrl: to })}>
      Sign out
    </Button>
  );
}
