// The page's state in its URL, so a teacher can send a link: the model text and the chosen model,
// as JSON deflated (CompressionStream) and base64url-encoded in the hash (`#s=…`).

export interface SharedState {
  text: string;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const body = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

export async function encodeState(state: SharedState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return `s=${toBase64Url(await pipe(json, new CompressionStream('deflate-raw')))}`;
}

/** The state in a URL hash, or undefined when there is none or it cannot be read. */
export async function decodeState(hash: string): Promise<SharedState | undefined> {
  const match = /^#?s=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!match) return undefined;
  try {
    const json = await pipe(fromBase64Url(match[1]), new DecompressionStream('deflate-raw'));
    const state = JSON.parse(new TextDecoder().decode(json)) as Partial<SharedState>;
    return typeof state.text === 'string' ? { text: state.text } : undefined;
  } catch {
    return undefined;
  }
}
