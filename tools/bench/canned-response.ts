/** One response as the API sent it, for the bare server to send back byte for byte. */
export interface CannedResponse {
  status: number;
  headers: Record<string, string>;
  /** base64, so the exact bytes survive the trip through a JSON file. */
  body: string;
}

/** By request path and query string, as the bare server receives them. */
export type CannedResponses = Record<string, CannedResponse>;

/** Headers a server writes by itself or that describe one connection: the bare server sends its own. */
const SERVER_OWN_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

export async function captureResponse(url: string): Promise<CannedResponse> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!SERVER_OWN_HEADERS.has(name)) headers[name] = value;
  });
  return { status: response.status, headers, body: body.toString('base64') };
}
