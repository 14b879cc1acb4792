import { PHASE_DEVELOPMENT_SERVER } from "next/constants.js";
import { securityHeaders } from "./lib/security-headers.mjs";

/** @type {(phase: string) => import('next').NextConfig} */
const nextConfig = (phase) => ({
  reactStrictMode: true,
  poweredByHeader: false,
  // A second build folder lets one build be tested while another is being made.
  distDir: process.env.LEADTRAIL_DIST_DIR || ".next",
  // PGlite ships WebAssembly and data files that must be loaded from node_modules at run time.
  serverExternalPackages: ["@electric-sql/pglite"],
  // The custom server (scripts/server.ts) sets the same headers at run time, with HSTS decided
  // by the APP_URL it runs with; these cover anything served by Next alone.
  async headers() {
    const headers = securityHeaders({
      appUrl: process.env.APP_URL,
      dev: phase === PHASE_DEVELOPMENT_SERVER,
    });
    return [{ source: "/:path*", headers: Object.entries(headers).map(([key, value]) => ({ key, value })) }];
  },
});

export default nextConfig;
