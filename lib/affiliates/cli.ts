import { getMerchant } from "@/db/queries/merchants";
import { parseFlags, requireFlags } from "@/lib/cli/args";
import type { Command } from "@/lib/cli/command";
import { env } from "@/lib/env";
import { DEFAULT_AFFILIATE_PARAM } from "@/lib/tracking/settings";
import { createAffiliate, referralLink } from "./create";
import { updateAffiliate } from "./update";

/** Admin commands for affiliates; merged into the CLI's table. */
export const affiliateCommands: Record<string, Command> = {
  "affiliates:create": {
    usage: "affiliates:create --merchant MERCHANT_ID --email E --code C [--first-name F] [--last-name L]",
    async run(db, argv) {
      const flags = parseFlags(argv);
      requireFlags(flags, ["merchant", "email", "code"]);
      const merchant = await getMerchant(db, flags.merchant!);
      if (!merchant) throw new Error(`No merchant with id ${flags.merchant}`);
      const affiliate = await createAffiliate(db, merchant.id, {
        email: flags.email,
        code: flags.code,
        firstName: flags["first-name"],
        lastName: flags["last-name"],
      });
      return {
        id: affiliate.id,
        merchant_id: merchant.id,
        email: affiliate.email,
        first_name: affiliate.firstName,
        last_name: affiliate.lastName,
        code: affiliate.code,
        referral_link: referralLink(
          merchant.siteUrl ?? env().APP_URL,
          DEFAULT_AFFILIATE_PARAM,
          affiliate.code,
        ),
      };
    },
  },
  "affiliates:set-coupon": {
    usage:
      'affiliates:set-coupon --merchant MERCHANT_ID --affiliate AFFILIATE_ID --code C   (--code "" removes it)',
    async run(db, argv) {
      const flags = parseFlags(argv);
      requireFlags(flags, ["merchant", "affiliate"]);
      if (flags.code === undefined) throw new Error("Missing --code");
      const affiliate = await updateAffiliate(db, flags.merchant!, flags.affiliate!, {
        couponCode: flags.code,
      });
      return {
        id: affiliate.id,
        merchant_id: affiliate.merchantId,
        coupon_code: affiliate.couponCode,
        coupon_sync: {
          status: affiliate.couponSyncStatus,
          stripe_promotion_code_id: affiliate.stripePromotionCodeId,
          error: affiliate.couponSyncError,
        },
      };
    },
  },
};
