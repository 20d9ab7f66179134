/**
 * Bytes → text the way a browser would for 红网's pages: BOM, then the HTTP charset, then a
 * `<meta charset>` in the first 4 KiB, then UTF-8 when the bytes are valid UTF-8, else GB18030
 * (a superset of GBK/GB2312, which older 红网 pages use without saying so).
 * The BOM wins over the header because browsers give it precedence (WHATWG "decode").
 */
export interface DecodedText {
  text: string;
  /** The label actually used to decode (`utf-8`, `gbk`, `gb18030`, …), lower case. */
  encoding: string;
  /** Where the encoding came from. */
  encodingSource: 'bom' | 'http' | 'meta' | 'sniffed';
}

const META_SCAN_BYTES = 4096;

export function decodeHtml(bytes: Uint8Array, contentType?: string | null): DecodedText {
  const bom = detectBom(bytes);
  if (bom) {
    return {
      text: decodeWith(bom.encoding, bytes.subarray(bom.length)),
      encoding: bom.encoding,
      encodingSource: 'bom',
    };
  }
  const declared: Array<[string | null, DecodedText['encodingSource']]> = [
    [charsetFromContentType(contentType), 'http'],
    [charsetFromMeta(bytes), 'meta'],
  ];
  for (const [label, source] of declared) {
    const encoding = label ? supportedEncoding(label) : null;
    if (!encoding) continue;
    // A page that declares UTF-8 but is not valid UTF-8 is almost always GBK in disguise.
    if (encoding === 'utf-8' && !isValidUtf8(bytes)) break;
    return { text: decodeWith(encoding, bytes), encoding, encodingSource: source };
  }
  if (isValidUtf8(bytes)) {
    return { text: decodeWith('utf-8', bytes), encoding: 'utf-8', encodingSource: 'sniffed' };
  }
  return { text: decodeWith('gb18030', bytes), encoding: 'gb18030', encodingSource: 'sniffed' };
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  const match = contentType?.match(/charset\s*=\s*["']?([\w.:-]+)/i);
  return match?.[1]?.toLowerCase() ?? null;
}

function charsetFromMeta(bytes: Uint8Array): string | null {
  // latin1 keeps one char per byte, so ASCII markup is readable whatever the real encoding.
  const head = Buffer.from(bytes.subarray(0, META_SCAN_BYTES)).toString('latin1');
  const direct = head.match(/<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i);
  return direct?.[1]?.toLowerCase() ?? null;
}

function detectBom(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return null;
}

function supportedEncoding(label: string): string | null {
  const normalized = label === 'utf8' ? 'utf-8' : label;
  try {
    new TextDecoder(normalized);
    return normalized;
  } catch {
    return null;
  }
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function decodeWith(encoding: string, bytes: Uint8Array): string {
  return new TextDecoder(encoding).decode(bytes);
}
