import { createPrivateKey, rotatePrivateKey } from "@/db/queries/api-keys";
import { getMerchant } from "@/db/queries/merchants";
import { parseFlags, requireFlags } from "@/lib/cli/args";
import type { Command } from "@/lib/cli/command";
import { signUpMerchant } from "./sign-up";

/** Admin commands for merchants and their keys; merged into the CLI's table (lib/wiring/commands.ts). */
export const merchantCommands: Record<string, Command> = {
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
};
