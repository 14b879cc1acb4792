import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db";
import { findAffiliateLogin } from "@/db/queries/affiliate-accounts";
import { findUserByEmail, membershipsForUser } from "@/db/queries/merchants";
import { exportNextAuthUrl, requiredSecret } from "@/lib/env";
import { sameOriginRedirect } from "./callback-url";
import { burnPasswordCheck, verifyPassword } from "./password";
import { recordSignIn } from "./signin-guard";
import { switchedToken } from "./switch";

export type Role = "merchant" | "affiliate";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role; merchantId: string; email: string; name: string; sessionVersion: number };
  }
  interface User {
    role: Role;
    merchantId: string;
    /** A member of several merchants picks one after signing in (proxy.ts sends them to /programs). */
    choose?: boolean;
    /** The account's session version at sign-in; a password reset moves it on (lib/auth/session.ts). */
    sessionVersion: number;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    role?: Role;
    merchantId?: string;
    choose?: boolean;
    sessionVersion?: number;
  }
}

const credentials = z.object({
  email: z.string().trim().toLowerCase().min(3).max(254),
  password: z.string().min(1).max(200),
  program: z.string().trim().max(80).optional(),
});

/** Merchant staff and affiliates sign in through separate providers and get separate roles. */
export function authOptions(): NextAuthOptions {
  exportNextAuthUrl();
  return {
    secret: requiredSecret("NEXTAUTH_SECRET"),
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        id: "merchant",
        name: "Merchant",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(raw) {
          const input = credentials.safeParse(raw);
          if (!input.success) return null;
          const db = await getDb();
          const user = await findUserByEmail(db, input.data.email);
          if (!user) {
            await burnPasswordCheck(input.data.password);
            await recordSignIn("merchant", input.data.email, false);
            return null;
          }
          const ok = await verifyPassword(user.passwordHash, input.data.password);
          await recordSignIn("merchant", input.data.email, ok);
          if (!ok) return null;
          // The oldest membership to start with; with several the user then picks one. A user
          // with none (removed everywhere) may still sign in, to accept a new invitation.
          const memberships = await membershipsForUser(db, user.id);
          return {
            id: user.id,
            email: user.email,
            name: user.name,
            role: "merchant",
            merchantId: memberships[0]?.merchantId ?? "",
            choose: memberships.length > 1,
            sessionVersion: user.sessionVersion,
          };
        },
      }),
      CredentialsProvider({
        id: "affiliate",
        name: "Affiliate",
        credentials: { email: { type: "email" }, password: { type: "password" }, program: { type: "text" } },
        async authorize(raw) {
          const input = credentials.safeParse(raw);
          if (!input.success) return null;
          const db = await getDb();
          const candidates = await findAffiliateLogin(db, input.data.email, input.data.program || undefined);
          if (candidates.length === 0) {
            await burnPasswordCheck(input.data.password);
            await recordSignIn("affiliate", input.data.email, false);
            return null;
          }
          for (const affiliate of candidates) {
            if (await verifyPassword(affiliate.passwordHash, input.data.password)) {
              await recordSignIn("affiliate", input.data.email, true);
              const name = `${affiliate.firstName} ${affiliate.lastName}`.trim() || affiliate.email;
              return {
                id: affiliate.id,
                email: affiliate.email,
                name,
                role: "affiliate",
                merchantId: affiliate.merchantId,
                sessionVersion: affiliate.sessionVersion,
              };
            }
          }
          await recordSignIn("affiliate", input.data.email, false);
          return null;
        },
      }),
    ],
    callbacks: {
      // next-auth's own redirects (sign-out, its callbackUrl) stay on this site.
      redirect({ url, baseUrl }) {
        return sameOriginRedirect(url, baseUrl, "/");
      },
      async jwt({ token, user, trigger, session }) {
        if (user) {
          token.role = user.role;
          token.merchantId = user.merchantId;
          token.choose = user.choose === true;
          token.sessionVersion = user.sessionVersion;
        }
        // "Switch program": the browser names the merchant; the database decides.
        if (trigger === "update") return switchedToken(await getDb(), token, session);
        return token;
      },
      session({ session, token }) {
        session.user = {
          id: token.sub ?? "",
          role: token.role ?? "merchant",
          merchantId: token.merchantId ?? "",
          email: token.email ?? "",
          name: token.name ?? "",
          // Sessions from before versions existed are version 0, as every account started.
          sessionVersion: token.sessionVersion ?? 0,
        };
        return session;
      },
    },
  };
}
