import { handleTrackWeb } from "@/lib/tracking/web";

type Context = { params: Promise<{ path: string[] }> };

/**
 * Reached only when Next serves the request itself (`next start`, serverless hosts): the custom
 * server answers /api/track/* before Next (scripts/server.ts). Both share lib/tracking/handler.ts.
 */
async function handler(req: Request, { params }: Context) {
  const { path } = await params;
  return handleTrackWeb(req, path.join("/"));
}

export {
  handler as GET,
  handler as OPTIONS,
  handler as POST,
  handler as PUT,
  handler as DELETE,
  handler as PATCH,
};
