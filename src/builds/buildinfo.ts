// The Go version and build settings a Go binary carries (what `go version -m` prints), read from the binary itself so
// no Go toolchain is needed. Go 1.18+ writes a 32-byte header starting "\xff Go buildinf:" at a 16-byte aligned
// offset (the .go.buildinfo section), then two length-prefixed strings: the Go version and the module info
// (src/debug/buildinfo/buildinfo.go in Go's sources).
import { open } from 'node:fs/promises';

export const BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER = 32;
const FLAGS_INLINE_STRINGS = 0x2;
/** Module info is framed by 16 bytes on each side (cmd/go/internal/modload's infoStart/infoEnd). */
const MODINFO_FRAME = 16;
/** Enough for the header, the version and the module info of a binary with a few hundred dependencies. */
const READ_BYTES = 512 << 10;

export interface GoBuildInfo {
  goVersion: string;
  /** `build` settings of the module info: vcs.revision, vcs.modified, -trimpath, CGO_ENABLED, … */
  settings: Record<string, string>;
}

/** Finds buildinfo magics in a stream of chunks at 16-byte aligned file offsets (feed it every chunk in order). */
export class MagicFinder {
  private tail = Buffer.alloc(0);
  private consumed = 0;
  offset: number | undefined;

  push(chunk: Buffer): void {
    if (this.offset !== undefined) return;
    const buf = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    const base = this.consumed - this.tail.length;
    for (let i = buf.indexOf(BUILDINFO_MAGIC); i >= 0; i = buf.indexOf(BUILDINFO_MAGIC, i + 1)) {
      if ((base + i) % 16 === 0) {
        this.offset = base + i;
        return;
      }
    }
    this.consumed += chunk.length;
    this.tail = Buffer.from(buf.subarray(Math.max(0, buf.length - (BUILDINFO_MAGIC.length - 1))));
  }
}

function uvarint(buf: Buffer, at: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let shift = 0, i = at; i < buf.length && shift < 35; i++, shift += 7) {
    const b = buf[i]!;
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return { value, next: i + 1 };
  }
  return undefined;
}

function lengthPrefixed(buf: Buffer, at: number): { bytes: Buffer; next: number } | undefined {
  const n = uvarint(buf, at);
  if (!n || n.next + n.value > buf.length) return undefined;
  return { bytes: buf.subarray(n.next, n.next + n.value), next: n.next + n.value };
}

/** Parses the header and strings at the start of `buf` (which begins with the magic); undefined if not Go 1.18+'s. */
export function parseBuildInfo(buf: Buffer): GoBuildInfo | undefined {
  if (buf.length < HEADER || !buf.subarray(0, BUILDINFO_MAGIC.length).equals(BUILDINFO_MAGIC)) return undefined;
  if ((buf[15]! & FLAGS_INLINE_STRINGS) === 0) return undefined;
  const version = lengthPrefixed(buf, HEADER);
  const goVersion = version?.bytes.toString('utf8');
  if (!version || !goVersion?.startsWith('go')) return undefined;
  const mod = lengthPrefixed(buf, version.next)?.bytes;
  const info = mod && mod.length >= 2 * MODINFO_FRAME ? mod.toString('utf8', MODINFO_FRAME, mod.length - MODINFO_FRAME) : '';
  const settings: Record<string, string> = {};
  for (const line of info.split('\n')) {
    const m = /^build\t([^=]+)=(.*)$/.exec(line);
    if (m) settings[m[1]!] = m[2]!;
  }
  return { goVersion, settings };
}

/** Reads the build info at `offset` (found by MagicFinder) of the file at `path`. */
export async function readBuildInfoAt(path: string, offset: number): Promise<GoBuildInfo | undefined> {
  const f = await open(path, 'r');
  try {
    const buf = Buffer.alloc(READ_BYTES);
    const { bytesRead } = await f.read(buf, 0, READ_BYTES, offset);
    return parseBuildInfo(buf.subarray(0, bytesRead));
  } finally {
    await f.close();
  }
}
