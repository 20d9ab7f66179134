/**
 * Bytes → text the way a browser would for 红网's pages: BOM, then the HTTP charset, then a
 * `<meta charset>` in the first 4 KiB, else sniffed. A page declared (or sniffed as) UTF-8 stays
 * UTF-8 when only a few byte sequences are invalid: they become U+FFFD and a warning, and the
 * rest of the text is kept. GB18030 (a superset of GBK/GB2312, which older 红网 pages use without
 * saying so) is chosen only when the bytes are clearly not UTF-8 and do decode as GB18030.
 * The BOM wins over the header because browsers give it precedence (WHATWG "decode").
 */
export interface DecodedText {
  text: string;
  /** The label actually used to decode (`utf-8`, `gbk`, `gb18030`, …), lower case. */
  encoding: string;
  /** Where the encoding came from. */
  encodingSource: 'bom' | 'http' | 'meta' | 'sniffed';
  /** What went wrong while decoding (invalid sequences replaced by U+FFFD); empty when nothing did. */
  warnings: string[];
}

/**
 * Share of a page's non-ASCII characters that may come out as invalid UTF-8 before the page is
 * taken for another encoding. GBK text read as UTF-8 is nearly all invalid (over 90 %); a UTF-8
 * page with a stray byte or a cut-off character is well under 1 %.
 */
const UTF8_INVALID_SHARE = 0.2;

const META_SCAN_BYTES = 4096;

export function decodeHtml(bytes: Uint8Array, contentType?: string | null): DecodedText {
  const bom = detectBom(bytes);
  if (bom) {
    return {
      text: decodeWith(bom.encoding, bytes.subarray(bom.length)),
      encoding: bom.encoding,
      encodingSource: 'bom',
      warnings: [],
    };
  }
  const declared: Array<[string | null, DecodedText['encodingSource']]> = [
    [charsetFromContentType(contentType), 'http'],
    [charsetFromMeta(bytes), 'meta'],
  ];
  for (const [label, source] of declared) {
    const encoding = label ? supportedEncoding(label) : null;
    if (!encoding) continue;
    if (encoding === 'utf-8') return decodeUtf8(bytes, source);
    return { text: decodeWith(encoding, bytes), encoding, encodingSource: source, warnings: [] };
  }
  return decodeUtf8(bytes, 'sniffed');
}

/**
 * UTF-8 unless the bytes are clearly something else: most non-ASCII sequences invalid, and the
 * whole page valid GB18030 (or at least fewer replacement characters that way).
 */
function decodeUtf8(bytes: Uint8Array, source: DecodedText['encodingSource']): DecodedText {
  const strict = strictDecode('utf-8', bytes);
  if (strict !== null)
    return { text: strict, encoding: 'utf-8', encodingSource: source, warnings: [] };
  const text = decodeWith('utf-8', bytes);
  const { invalid, nonAscii } = countInvalid(text, bytes);
  if (invalid > UTF8_INVALID_SHARE * nonAscii) {
    const gb = strictDecode('gb18030', bytes);
    if (gb !== null)
      return { text: gb, encoding: 'gb18030', encodingSource: 'sniffed', warnings: [] };
    const lenient = decodeWith('gb18030', bytes);
    const gbInvalid = countReplacements(lenient);
    if (gbInvalid < invalid) {
      return {
        text: lenient,
        encoding: 'gb18030',
        encodingSource: 'sniffed',
        warnings: [`${gbInvalid} invalid GB18030 byte sequences replaced by U+FFFD`],
      };
    }
  }
  const declaredAs = source === 'sniffed' ? 'sniffed as UTF-8' : 'declared UTF-8';
  return {
    text,
    encoding: 'utf-8',
    encodingSource: source,
    warnings: [`page ${declaredAs} has ${invalid} invalid byte sequences, replaced by U+FFFD`],
  };
}

/**
 * Invalid sequences in a lenient UTF-8 decode (U+FFFD that the bytes did not spell as EF BF BD)
 * and the non-ASCII characters of the text, the invalid ones included.
 */
function countInvalid(text: string, bytes: Uint8Array): { invalid: number; nonAscii: number } {
  let replacements = 0;
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code === 0xfffd) replacements++;
    // A surrogate pair is one character.
    else if (code >= 0xdc00 && code <= 0xdfff) continue;
    nonAscii++;
  }
  let literal = 0;
  for (let at = bytes.indexOf(0xef); at !== -1; at = bytes.indexOf(0xef, at + 1)) {
    if (bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd) literal++;
  }
  return { invalid: Math.max(0, replacements - literal), nonAscii };
}

function countReplacements(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\ufffd'); at !== -1; at = text.indexOf('\ufffd', at + 1)) count++;
  return count;
}

function strictDecode(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The charset parameter of a Content-Type header, if any. */
function charsetFromContentType(contentType: string | null | undefined): string | null {
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

function decodeWith(encoding: string, bytes: Uint8Array): string {
  return new TextDecoder(encoding).decode(bytes);
}
