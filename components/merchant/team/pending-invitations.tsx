"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { ActionResult } from "@/lib/auth/action";
import { formatDateTime } from "@/lib/format";
import { type MemberRole, ROLE_LABELS } from "@/lib/team/role-names";

export interface InvitationRow {
  id: string;
  email: string;
  role: MemberRole;
  expiresAt: string;
  expired: boolean;
}

/** Invitations not accepted yet (expired ones too, to clear away); owners revoke them. */
export function PendingInvitations({
  invitations,
  manage,
  revoke,
}: {
  invitations: InvitationRow[];
  manage: boolean;
  revoke: (input: { invitationId: string }) => Promise<ActionResult<unknown>>;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  if (invitations.length === 0) return null;

  const onRevoke = (id: string) =>
    startTransition(async () => {
      const result = await revoke({ invitationId: id });
      setError(result.ok ? null : result.error);
      router.refresh();
    });

  return (
    <Card title="Pending invitations">
      {error && <Alert tone="error">{error}</Alert>}
      <Table
        label="Pending invitations"
        head={
          <>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th>Expires</Th>
            {manage && (
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            )}
          </>
        }
      >
        {invitations.map((i) => {
          return (
            <tr key={i.id}>
              <Td>{i.email}</Td>
              <Td>{ROLE_LABELS[i.role]}</Td>
              <Td className="whitespace-nowrap">{i.expired ? "Expired" : formatDateTime(i.expiresAt)}</Td>
              {manage && (
                <Td className="text-right">
                  <Button
                    variant="secondary"
                    className="px-2.5 py-1 text-xs"
                    aria-label={`Revoke the invitation of ${i.email}`}
                    disabled={pending}
                    onClick={() => onRevoke(i.id)}
                  >
                    Revoke
                  </Button>
                </Td>
              )}
            </tr>
          );
        })}
      </Table>
    </Card>
  );
}
