"use server";

import { getDb } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { updateTrackingSettings } from "@/db/queries/tracking";
import { merchantAction } from "@/lib/auth/action";
import { forgetTrackingMerchants } from "@/lib/tracking/lookups";
import { trackingSettingsSchema } from "@/lib/tracking/settings";

export const saveTrackingSettingsAction = merchantAction(trackingSettingsSchema, async (settings, ctx) => {
  const db = await getDb();
  await updateTrackingSettings(db, ctx.merchantId, settings);
  // The ingestion path caches these per key; drop them so the change applies at once.
  forgetTrackingMerchants();
  await recordAudit(db, {
    merchantId: ctx.merchantId,
    actorUserId: ctx.userId,
    action: "tracking_settings.updated",
    data: { ...settings },
  });
  return settings;
});
