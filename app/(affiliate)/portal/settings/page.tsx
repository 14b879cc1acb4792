import { NoticeSettings } from "@/components/affiliate/notice-settings";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { setCommissionNoticesAction } from "@/lib/actions/portal/settings";
import { requireAffiliate } from "@/lib/auth/session";
import { portalNoticeSetting } from "@/lib/portal/notices";

export const metadata = { title: "Settings" };

export default async function PortalSettingsPage() {
  const ctx = await requireAffiliate();
  const on = await portalNoticeSetting(await getDb(), ctx);
  return (
    <>
      <PageHeader title="Settings" description={`Email sent to ${ctx.email}.`} />
      <NoticeSettings on={on} save={setCommissionNoticesAction} />
    </>
  );
}
