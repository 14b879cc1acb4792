import { ApiKeysPanel } from "@/components/merchant/api-keys-panel";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { activePrivateKey } from "@/db/queries/api-keys";
import { getMerchant } from "@/db/queries/merchants";
import { requireMerchantRole } from "@/lib/auth/session";

export const metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  // Owners only: the private key acts for the whole program through the REST API.
  const { merchantId } = await requireMerchantRole("owner");
  const db = await getDb();
  const [merchant, privateKey] = await Promise.all([
    getMerchant(db, merchantId),
    activePrivateKey(db, merchantId),
  ]);
  return (
    <>
      <PageHeader
        title="API keys"
        description="The public key goes in your tracking snippet; the private key authenticates REST API calls."
      />
      <ApiKeysPanel
        publicKey={merchant?.publicKey ?? ""}
        privateKey={
          privateKey ? { prefix: privateKey.prefix, createdAt: privateKey.createdAt.toISOString() } : null
        }
      />
    </>
  );
}
