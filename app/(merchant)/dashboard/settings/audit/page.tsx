import { Pager } from "@/components/shared/pager";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { listAuditEntries } from "@/db/queries/audit";
import { requireMerchantRole } from "@/lib/auth/session";
import { DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor } from "@/lib/cursor";
import { formatDateTime } from "@/lib/format";
import { auditActor, auditDetails, auditSentence } from "@/lib/team/audit-words";

export const metadata = { title: "Audit log" };

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { merchantId } = await requireMerchantRole("admin");
  const raw = (await searchParams).cursor;
  const decoded = decodeCursor(typeof raw === "string" ? raw : null);
  // Audit ids are numbers; any other cursor is not ours and means the first page.
  const cursor = decoded && /^\d{1,18}$/.test(decoded.id) ? decoded : null;
  const rows = await listAuditEntries(await getDb(), { merchantId, limit: DEFAULT_PAGE_SIZE, cursor });
  const entries = rows.slice(0, DEFAULT_PAGE_SIZE);
  const last = entries.at(-1);
  const next =
    rows.length > DEFAULT_PAGE_SIZE && last ? encodeCursor({ at: last.cursorAt, id: String(last.id) }) : null;
  return (
    <>
      <PageHeader title="Audit log" description="Who changed what in this program, newest first." />
      {entries.length === 0 && !cursor ? (
        <EmptyState title="Nothing recorded yet">
          Settings changes, payouts and team changes appear here.
        </EmptyState>
      ) : (
        <Table
          label="Audit log"
          head={
            <>
              <Th>When</Th>
              <Th>Who</Th>
              <Th>What</Th>
            </>
          }
        >
          {entries.map((entry) => {
            const who = auditActor(entry);
            const details = auditDetails(entry.data);
            return (
              <tr key={entry.id} className="align-top">
                <Td className="whitespace-nowrap">{formatDateTime(entry.createdAt)}</Td>
                <Td>
                  <span className="block font-medium text-slate-800">{who.name}</span>
                  {who.email && <span className="block text-xs text-slate-500">{who.email}</span>}
                </Td>
                <Td>
                  <span className="block text-slate-800">{auditSentence(entry.action, entry.data)}</span>
                  {details.length > 0 && (
                    <ul className="mt-1 space-y-0.5 text-xs text-slate-500">
                      {details.map((line) => (
                        <li key={line} className="break-all">
                          {line}
                        </li>
                      ))}
                    </ul>
                  )}
                </Td>
              </tr>
            );
          })}
        </Table>
      )}
      <Pager basePath="/dashboard/settings/audit" cursor={cursor ? raw! : null} nextCursor={next} />
    </>
  );
}
