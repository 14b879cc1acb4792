"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Table, Td, Th } from "@/components/ui/table";
import type { ActionResult } from "@/lib/auth/action";
import { formatDateTime } from "@/lib/format";
import { MEMBER_ROLES, type MemberRole, ROLE_LABELS } from "@/lib/team/role-names";

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: MemberRole;
  joinedAt: string;
}

/** The members table; owners get a role picker and Remove on each row. */
export function TeamMembers({
  members,
  currentUserId,
  manage,
  changeRole,
  remove,
}: {
  members: MemberRow[];
  currentUserId: string;
  manage: boolean;
  changeRole: (input: { userId: string; role: string }) => Promise<ActionResult<unknown>>;
  remove: (input: { userId: string }) => Promise<ActionResult<{ self: boolean }>>;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [removing, setRemoving] = useState<MemberRow | null>(null);
  const [pending, startTransition] = useTransition();

  const setRole = (member: MemberRow, role: string) =>
    startTransition(async () => {
      const result = await changeRole({ userId: member.userId, role });
      if (!result.ok) {
        setMessage({ tone: "error", text: result.error });
        return router.refresh();
      }
      setMessage({
        tone: "success",
        text: `${member.email} is now ${role === "admin" || role === "owner" ? "an" : "a"} ${role}.`,
      });
      router.refresh();
    });

  const confirmRemove = (member: MemberRow) =>
    startTransition(async () => {
      const result = await remove({ userId: member.userId });
      setRemoving(null);
      if (!result.ok) return setMessage({ tone: "error", text: result.error });
      if (result.data.self) return router.push("/programs");
      setMessage({ tone: "success", text: `${member.email} was removed from the team.` });
      router.refresh();
    });

  return (
    <div className="space-y-3">
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <Table
        label="Members"
        head={
          <>
            <Th>Name</Th>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th>Joined</Th>
            {manage && (
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            )}
          </>
        }
      >
        {members.map((m) => (
          <tr key={m.userId}>
            <Td>
              {m.name}
              {m.userId === currentUserId && <span className="ml-2 text-xs text-slate-500">(you)</span>}
            </Td>
            <Td>{m.email}</Td>
            <Td>
              {manage ? (
                <select
                  aria-label={`Role of ${m.email}`}
                  value={m.role}
                  disabled={pending}
                  onChange={(e) => setRole(m, e.target.value)}
                  className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                >
                  {MEMBER_ROLES.map((role) => (
                    <option key={role} value={role}>
                      {ROLE_LABELS[role]}
                    </option>
                  ))}
                </select>
              ) : (
                ROLE_LABELS[m.role]
              )}
            </Td>
            <Td className="whitespace-nowrap">{formatDateTime(m.joinedAt)}</Td>
            {manage && (
              <Td className="text-right">
                <Button
                  variant="danger"
                  className="px-2.5 py-1 text-xs"
                  disabled={pending}
                  onClick={() => setRemoving(m)}
                >
                  {m.userId === currentUserId ? "Leave" : "Remove"}
                </Button>
              </Td>
            )}
          </tr>
        ))}
      </Table>
      <ConfirmDialog
        open={removing !== null}
        title={removing?.userId === currentUserId ? "Leave this program?" : "Remove this member?"}
        confirmLabel={removing?.userId === currentUserId ? "Leave program" : "Remove member"}
        busy={pending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && confirmRemove(removing)}
      >
        {removing && (
          <p>
            {removing.userId === currentUserId ? "You" : removing.email} will no longer see or change anything
            in this program. Their account stays, with any other programs it belongs to.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
