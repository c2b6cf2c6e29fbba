/**
 * Share links: the view state as JSON, deflated (the platform's CompressionStream, raw deflate) and
 * base64url-encoded into the URL fragment `#v1=...`. A fragment never reaches a server.
 */
import { readState, writeState, type ViewState } from './view-state.js';

const PREFIX = 'v1=';
/** the longest fragment read back (a bomb guard: it also bounds the inflated size below) */
const MAX_FRAGMENT = 2_000_000;
const MAX_INFLATED = 4_000_000;

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  void writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close()).catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new RangeError(`the link inflates to more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new SyntaxError('the link has characters base64url does not use');
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The fragment (without '#') that restores this view. */
export async function encodeView(state: ViewState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(writeState(state)));
  return PREFIX + toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** Whether a fragment is a studio view link. */
export const isViewFragment = (fragment: string): boolean => fragment.replace(/^#/, '').startsWith(PREFIX);

/** The view a fragment holds, or the problems that keep it from being read. */
export async function decodeView(fragment: string): Promise<{ state?: ViewState; problems: string[] }> {
  const body = fragment.replace(/^#/, '');
  if (!body.startsWith(PREFIX)) return { problems: ['not a studio link (its fragment does not start with v1=)'] };
  if (body.length > MAX_FRAGMENT) return { problems: [`the link is longer than ${MAX_FRAGMENT} characters`] };
  try {
    const bytes = await pipe(fromBase64Url(body.slice(PREFIX.length)), new DecompressionStream('deflate-raw'), MAX_INFLATED);
    return readState(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)));
  } catch (error) {
    return { problems: [`the link cannot be read: ${error instanceof Error ? error.message : String(error)}`] };
  }
}
