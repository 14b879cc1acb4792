"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { AffiliateLink } from "@/components/merchant/affiliate-link";
import { TestBadge } from "@/components/shared/status-pill";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Table, Td, Th } from "@/components/ui/table";
import type { Commission } from "@/db/schema";
import {
  approveCommissionsAction,
  cancelCommissionsAction,
  createPayoutAction,
} from "@/lib/actions/commissions/commissions";
import { formatDateTime, formatMoney } from "@/lib/format";

export interface CommissionRow {
  id: string;
  affiliateId: string;
  affiliate: {
    code: string | null;
    firstName: string | null;
    lastName: string | null;
    email: string | null;
  } | null;
  amount: number;
  currency: string;
  kind: "sale" | "clawback";
  status: Commission["status"];
  payoutId: string | null;
  livemode: boolean;
  dueAt: string | null;
  createdAt: string;
}

const STATUS: Record<CommissionRow["status"], string> = {
  pending: "Pending (in hold)",
  due: "Due",
  paid: "Paid",
  cancelled: "Cancelled",
  on_hold: "On hold (dispute)",
};

const selectable = (c: CommissionRow, includeTestMode: boolean) =>
  c.status === "due" && !c.payoutId && (c.livemode || includeTestMode);
const cancellable = (c: CommissionRow) =>
  c.kind === "sale" && !c.payoutId && ["pending", "due", "on_hold"].includes(c.status);

/** The commissions list with its row actions and the selection that becomes a payout. */
export function CommissionsTable({ rows }: { rows: CommissionRow[] }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [includeTestMode, setIncludeTestMode] = useState(false);
  const [message, setMessage] = useState<{ tone: "success" | "error" | "info"; text: string } | null>(null);
  const [cancelling, setCancelling] = useState<CommissionRow | null>(null);
  const [pending, startTransition] = useTransition();

  const choosable = rows.filter((c) => selectable(c, includeTestMode));
  const chosen = choosable.filter((c) => selected.has(c.id));
  const hasTestDue = rows.some((c) => c.status === "due" && !c.payoutId && !c.livemode);
  const allChosen = choosable.length > 0 && chosen.length === choosable.length;

  function toggle(id: string, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function run(task: () => Promise<void>) {
    startTransition(async () => {
      await task();
    });
  }

  const approve = (row: CommissionRow) =>
    run(async () => {
      const result = await approveCommissionsAction({ ids: [row.id] });
      if (!result.ok) return setMessage({ tone: "error", text: result.error });
      setMessage(
        result.data.changed.length
          ? { tone: "success", text: "Commission approved: it is due now." }
          : { tone: "info", text: "Nothing changed: the commission is no longer pending." },
      );
      router.refresh();
    });

  const cancel = (row: CommissionRow) =>
    run(async () => {
      const result = await cancelCommissionsAction({ ids: [row.id] });
      setCancelling(null);
      if (!result.ok) return setMessage({ tone: "error", text: result.error });
      toggle(row.id, false);
      setMessage(
        result.data.changed.length
          ? { tone: "success", text: "Commission cancelled." }
          : { tone: "info", text: "Nothing changed: the commission was paid or put in a payout meanwhile." },
      );
      router.refresh();
    });

  const createPayout = () =>
    run(async () => {
      const result = await createPayoutAction({ ids: chosen.map((c) => c.id), includeTestMode });
      if (!result.ok) return setMessage({ tone: "error", text: result.error });
      const { payoutIds, carriedOver, message: reason } = result.data;
      if (!payoutIds.length) return setMessage({ tone: "error", text: reason ?? "No payout was created." });
      setSelected(new Set());
      const query = carriedOver ? `?carried=${carriedOver}` : "";
      router.push(
        payoutIds.length === 1 ? `/dashboard/payouts/${payoutIds[0]}${query}` : `/dashboard/payouts${query}`,
      );
    });

  return (
    <div className="space-y-3">
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <div className="flex flex-wrap items-center gap-4">
        <Button onClick={createPayout} disabled={pending || chosen.length === 0}>
          Create payout{chosen.length ? ` (${chosen.length} selected)` : ""}
        </Button>
        {hasTestDue && (
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={includeTestMode}
              onChange={(e) => setIncludeTestMode(e.target.checked)}
            />
            Include test-mode commissions
          </label>
        )}
        <p className="text-sm text-slate-500">
          Select due commissions to pay. Clawbacks of the same affiliates are netted in automatically.
        </p>
      </div>
      <Table
        label="Commissions"
        head={
          <>
            <Th className="w-10">
              <input
                type="checkbox"
                aria-label="Select all due commissions"
                checked={allChosen}
                disabled={choosable.length === 0}
                onChange={(e) =>
                  setSelected(e.target.checked ? new Set(choosable.map((c) => c.id)) : new Set())
                }
              />
            </Th>
            <Th>Affiliate</Th>
            <Th>Amount</Th>
            <Th>Status</Th>
            <Th>Due</Th>
            <Th>Created</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </>
        }
      >
        {rows.map((c) => (
          <tr key={c.id} data-commission-id={c.id} className={c.livemode ? undefined : "bg-amber-50/40"}>
            <Td>
              {selectable(c, includeTestMode) && (
                <input
                  type="checkbox"
                  aria-label={`Select commission ${c.id}`}
                  checked={selected.has(c.id)}
                  onChange={(e) => toggle(c.id, e.target.checked)}
                />
              )}
            </Td>
            <Td>
              <AffiliateLink id={c.affiliateId} affiliate={c.affiliate} />
              <TestBadge livemode={c.livemode} />
            </Td>
            <Td className={`whitespace-nowrap tabular-nums ${c.amount < 0 ? "text-red-700" : ""}`}>
              {formatMoney(c.amount, c.currency)}
              {c.kind === "clawback" && (
                <span
                  title="A refund after payment: nets against the affiliate's next payout"
                  className="ml-2 rounded bg-red-50 px-1.5 py-0.5 text-xs font-medium text-red-700"
                >
                  Clawback
                </span>
              )}
            </Td>
            <Td>
              {STATUS[c.status] ?? c.status}
              {c.payoutId && (
                <Link
                  className="ml-2 text-xs text-brand-600 hover:underline"
                  href={`/dashboard/payouts/${c.payoutId}`}
                >
                  {c.status === "paid" ? "View payout" : "In a draft payout"}
                </Link>
              )}
            </Td>
            <Td className="whitespace-nowrap">{c.dueAt ? formatDateTime(c.dueAt) : "—"}</Td>
            <Td className="whitespace-nowrap">{formatDateTime(c.createdAt)}</Td>
            <Td className="whitespace-nowrap text-right">
              <div className="flex justify-end gap-2">
                {c.status === "pending" && (
                  <RowButton disabled={pending} onClick={() => approve(c)}>
                    Approve
                  </RowButton>
                )}
                {cancellable(c) && (
                  <RowButton danger disabled={pending} onClick={() => setCancelling(c)}>
                    Cancel
                  </RowButton>
                )}
              </div>
            </Td>
          </tr>
        ))}
      </Table>
      <ConfirmDialog
        open={cancelling !== null}
        title="Cancel this commission?"
        confirmLabel="Cancel commission"
        busy={pending}
        onCancel={() => setCancelling(null)}
        onConfirm={() => cancelling && cancel(cancelling)}
      >
        {cancelling && (
          <p>
            The affiliate will not be paid the {formatMoney(cancelling.amount, cancelling.currency)} of this
            commission. This cannot be undone.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}

/** A compact button for row actions, so the table fits beside the navigation. */
function RowButton({
  danger,
  ...props
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { danger?: boolean }) {
  return (
    <button
      type="button"
      className={`rounded-md border px-2.5 py-1 text-xs font-medium shadow-sm disabled:cursor-not-allowed disabled:opacity-60 ${
        danger
          ? "border-red-200 bg-white text-red-700 hover:bg-red-50"
          : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50"
      }`}
      {...props}
    />
  );
}
