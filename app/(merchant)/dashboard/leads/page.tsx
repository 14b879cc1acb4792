import Link from "next/link";
import { Pager } from "@/components/shared/pager";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { listLeads } from "@/db/queries/tracking";
import { requireMerchant } from "@/lib/auth/session";
import { DEFAULT_PAGE_SIZE, decodeCursor } from "@/lib/cursor";
import { displayName, formatDateTime } from "@/lib/format";

export const metadata = { title: "Leads" };

export default async function LeadsPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { merchantId } = await requireMerchant();
  const { cursor } = await searchParams;
  const key = decodeCursor(typeof cursor === "string" ? cursor : null);
  const { leads, nextCursor } = await listLeads(await getDb(), {
    merchantId,
    limit: DEFAULT_PAGE_SIZE,
    cursor: key,
  });
  return (
    <>
      <PageHeader
        title="Leads"
        description="Leads appear here when visitors referred by your affiliates sign up on your site."
      />
      {leads.length === 0 && !key ? (
        <EmptyState title="No leads yet">
          Install the tracking script (Settings → Tracking) and capture sign-ups with autoWatch or recordLead.
        </EmptyState>
      ) : (
        <Table
          label="Leads"
          head={
            <>
              <Th>Email</Th>
              <Th>Affiliate</Th>
              <Th>Status</Th>
              <Th>Created</Th>
            </>
          }
        >
          {leads.map((lead) => (
            <tr key={lead.id}>
              <Td className="font-medium text-slate-900">{lead.email}</Td>
              <Td>
                {lead.affiliateId && lead.affiliateCode !== null ? (
                  <Link
                    className="text-brand-600 hover:underline"
                    href={`/dashboard/affiliates/${lead.affiliateId}`}
                  >
                    {displayName({ firstName: lead.affiliateFirstName, lastName: lead.affiliateLastName }) ||
                      lead.affiliateCode}{" "}
                    <span className="font-mono text-xs text-slate-500">({lead.affiliateCode})</span>
                  </Link>
                ) : (
                  <span className="text-slate-400">None</span>
                )}
              </Td>
              <Td className="capitalize">{lead.status}</Td>
              <Td className="whitespace-nowrap">{formatDateTime(lead.createdAt)}</Td>
            </tr>
          ))}
        </Table>
      )}
      <Pager basePath="/dashboard/leads" cursor={key ? cursor! : null} nextCursor={nextCursor} />
    </>
  );
}
