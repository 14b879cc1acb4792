import type { Database } from "@/db";
import { createPrivateKey, rotatePrivateKey } from "@/db/queries/api-keys";
import { getMerchant } from "@/db/queries/merchants";
import { affiliateCommands } from "@/lib/affiliates/cli";
import { couponCommands } from "@/lib/coupons/cli";
import { signUpMerchant } from "@/lib/merchants/sign-up";
import { stripeCommands } from "@/lib/stripe/cli";
import { parseFlags, requireFlags } from "./args";

export interface Command {
  usage: string;
  run(db: Database, argv: string[]): Promise<unknown>;
}

/** Admin commands; each returns the JSON it prints. Tracking, Stripe and sync commands join this table. */
export const commands: Record<string, Command> = {
  "merchants:create": {
    usage: "merchants:create --email E --password P --name N [--owner-name O]",
    async run(db, argv) {
      const flags = parseFlags(argv);
      requireFlags(flags, ["email", "password", "name"]);
      // The operator running the CLI vouches for the address: no verification link is sent.
      const { merchant } = await signUpMerchant(
        db,
        {
          company: flags.name,
          name: flags["owner-name"] ?? flags.name,
          email: flags.email,
          password: flags.password,
        },
        { verified: true },
      );
      const key = await createPrivateKey(db, merchant.id);
      return { merchant_id: merchant.id, public_key: merchant.publicKey, private_key: key.key };
    },
  },
  "keys:rotate": {
    usage: "keys:rotate --merchant MERCHANT_ID",
    async run(db, argv) {
      const flags = parseFlags(argv);
      requireFlags(flags, ["merchant"]);
      if (!(await getMerchant(db, flags.merchant!))) throw new Error(`No merchant with id ${flags.merchant}`);
      const key = await rotatePrivateKey(db, flags.merchant!);
      return { merchant_id: flags.merchant, private_key: key.key };
    },
  },
  ...affiliateCommands,
  ...stripeCommands,
  ...couponCommands,
};

export function helpText(): string {
  return [
    "Usage: npm run cli -- <command> [flags]",
    "",
    ...Object.values(commands).map((c) => `  ${c.usage}`),
  ].join("\n");
}
