import zlib from 'node:zlib';
import QRCode from 'qrcode';

/** What a reader finds on one page of a letters PDF. */
export interface PrintedLetter {
  /** The page's content stream, inflated. */
  content: string;
  /** The code as printed (`XXXX-XXXX-XXXX-XX`). */
  code: string | undefined;
  /** The QR code's modules as drawn, row by row (1 = dark), `size` a side. */
  qr: { size: number; dark: number[] };
  /** Where the QR code is, quiet zone (4 modules) included, in mm from the page's top-left corner. */
  qrBox: { left: number; top: number; side: number } | undefined;
}

/**
 * Reads a letters PDF the way a strict reader would: through the cross-reference table (each
 * offset must point at its object), the catalog and the page tree (counts must add up), to each
 * page's content. The QR code is redrawn from its rectangles. Throws on anything malformed.
 */
export function readLetters(pdf: Buffer): PrintedLetter[] {
  const text = pdf.toString('latin1');
  if (!text.startsWith('%PDF-1.')) throw new Error('no PDF header');
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
  const xref = /^xref\n0 (\d+)\n/.exec(text.slice(startxref));
  if (!xref) throw new Error('startxref does not point at the xref table');
  const size = Number(xref[1]);
  const tableStart = startxref + xref[0].length;
  const objects = new Map<number, string>();
  for (let id = 1; id < size; id++) {
    const entry = text.slice(tableStart + id * 20, tableStart + id * 20 + 20);
    const offset = Number(entry.slice(0, 10));
    const header = `${id} 0 obj\n`;
    if (!entry.endsWith(' 00000 n \n') || text.slice(offset, offset + header.length) !== header) {
      throw new Error(`xref entry ${id} does not point at object ${id}`);
    }
    objects.set(id, text.slice(offset + header.length, text.indexOf('\nendobj\n', offset)));
  }
  const trailer = text.slice(tableStart + size * 20);
  const object = (id: number | undefined): string => {
    const found = id === undefined ? undefined : objects.get(id);
    if (found === undefined) throw new Error(`no object ${id}`);
    return found;
  };
  const ref = (source: string, key: string): number | undefined => {
    const match = new RegExp(`/${key} (\\d+) 0 R`).exec(source);
    return match ? Number(match[1]) : undefined;
  };
  const pageIds = (nodeId: number, parent: number | undefined): number[] => {
    const node = object(nodeId);
    if (ref(node, 'Parent') !== parent) throw new Error(`object ${nodeId} has the wrong parent`);
    if (node.includes('/Type /Page ')) return [nodeId];
    const kids = [...(/\/Kids \[([^\]]*)\]/.exec(node)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((m) =>
      Number(m[1]),
    );
    const pages = kids.flatMap((kid) => pageIds(kid, nodeId));
    if (!node.includes(`/Count ${pages.length} `)) throw new Error(`page tree node ${nodeId} miscounts`);
    return pages;
  };
  const catalog = object(ref(trailer, 'Root'));
  const root = ref(catalog, 'Pages');
  if (root === undefined) throw new Error('no page tree');
  return pageIds(root, undefined).map((pageId) => {
    const page = object(pageId);
    if (!page.includes('/MediaBox [0 0 595.28 841.89]')) throw new Error(`page ${pageId} is not A4`);
    const stream = object(ref(page, 'Contents'));
    const length = Number(/\/Length (\d+)/.exec(stream)?.[1]);
    const start = stream.indexOf('>>\nstream\n') + '>>\nstream\n'.length;
    const data = Buffer.from(stream.slice(start, start + length), 'latin1');
    const content = (stream.includes('/FlateDecode') ? zlib.inflateSync(data) : data).toString('latin1');
    const qr = drawnQr(content);
    return {
      content,
      code: /\((\w{4}(?:-\w{1,4}){2,})\)\] TJ/.exec(content)?.[1],
      qr,
      qrBox: qrBox(content, qr.size),
    };
  });
}

/** The QR code's `cm`: one unit a module (scale `a`, `−a`), its origin the symbol's top-left corner. */
function qrBox(content: string, size: number): PrintedLetter['qrBox'] {
  const cm = /^q ([\d.]+) 0 0 -([\d.]+) ([\d.]+) ([\d.]+) cm$/m.exec(content)?.slice(1).map(Number);
  if (!cm) return undefined;
  const [cell = 0, , x = 0, y = 0] = cm;
  const mm = 25.4 / 72;
  return { left: (x - 4 * cell) * mm, top: (841.89 - y - 4 * cell) * mm, side: (size + 8) * cell * mm };
}

/** The modules the `x y w h re` rectangles after the QR code's `cm` cover. */
function drawnQr(content: string): PrintedLetter['qr'] {
  const rectangles = [...content.matchAll(/^(\d+) (\d+) (\d+) (\d+) re$/gm)].map((m) =>
    m.slice(1).map(Number),
  );
  // The finder patterns reach the symbol's right and bottom edges.
  const size = Math.max(0, ...rectangles.map(([x = 0, , w = 0]) => x + w));
  const dark = new Array<number>(size * size).fill(0);
  for (const [x = 0, y = 0, w = 0, h = 0] of rectangles) {
    for (let row = y; row < y + h; row++) for (let col = x; col < x + w; col++) dark[row * size + col] = 1;
  }
  return { size, dark };
}

/** The QR code the qrcode package makes for `link` with the letters' settings, as a reference. */
export function referenceQr(link: string): PrintedLetter['qr'] {
  const { modules } = QRCode.create([{ data: Buffer.from(link, 'utf8'), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
    maskPattern: 0,
  });
  return { size: modules.size, dark: Array.from(modules.data, Number) };
}

/**
 * The codes printed in a PDF, also one cut off midway (no cross-reference table needed): every
 * complete stream object, front to back, inflated.
 */
export function codesIn(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const codes: string[] = [];
  for (const m of text.matchAll(/\d+ 0 obj\n<< ([^\n]*)\/Length (\d+) >>\nstream\n/g)) {
    const start = m.index + m[0].length;
    const data = Buffer.from(text.slice(start, start + Number(m[2])), 'latin1');
    if (data.length < Number(m[2])) break;
    const content = (m[1]?.includes('/FlateDecode') ? zlib.inflateSync(data) : data).toString('latin1');
    const code = /\((\w{4}(?:-\w{1,4}){2,})\)\] TJ/.exec(content)?.[1];
    if (code) codes.push(code);
  }
  return codes;
}
