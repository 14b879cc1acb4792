import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { signInGuard } from "@/lib/auth/signin-guard";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so secrets are read after the launcher has set them.
async function handler(req: NextRequest, context: Context) {
  const refused = await signInGuard(req);
  if (refused) return refused;
  return NextAuth(req as never, context as never, authOptions());
}

export { handler as GET, handler as POST };
