import crypto from 'node:crypto';
import type { Writable } from 'node:stream';

/** Pages under one intermediate page-tree node: readers find page n without a million-entry array. */
const PAGES_PER_NODE = 1024;
/** Output is handed to the stream in chunks of about this many bytes. */
const CHUNK = 1 << 16;

/**
 * A PDF written front to back into a stream, for documents of millions of pages: each object is
 * written as soon as it is complete, and what stays in memory until the end is one byte offset
 * per object (for the cross-reference table) and one number per 1,024 pages.
 *
 * Deliberately small: objects are given as PDF source text (and stream bytes) by the caller; this
 * class knows only numbering, the page tree, the cross-reference table and the trailer.
 */
export class PdfFile {
  private readonly out: Writable;
  private offset = 0;
  private offsets = new Float64Array(1024);
  private nextId = 1;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private readonly catalogId = this.reserve();
  private readonly rootPagesId = this.reserve();
  private readonly nodes: number[] = [];
  private node = { id: 0, kids: [] as number[] };
  private pageCount = 0;

  constructor(out: Writable) {
    this.out = out;
    // A comment with high bytes marks the file as binary for transfer programs.
    this.write('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  }

  get pages(): number {
    return this.pageCount;
  }

  /** A new object number, for an object written later (objects may refer to each other). */
  reserve(): number {
    const id = this.nextId++;
    if (id >= this.offsets.length) {
      const grown = new Float64Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    return id;
  }

  /** Writes object `id` (from `reserve`) with `source` such as `<< /Type /Font … >>`. */
  object(id: number, source: string): void {
    this.offsets[id] = this.offset;
    this.write(`${id} 0 obj\n${source}\nendobj\n`);
  }

  /** Writes stream object `id`; `dictionary` lists the entries besides /Length. */
  stream(id: number, dictionary: string, data: Buffer): void {
    this.offsets[id] = this.offset;
    this.write(`${id} 0 obj\n<< ${dictionary} /Length ${data.length} >>\nstream\n`);
    this.write(data);
    this.write('\nendstream\nendobj\n');
  }

  /** Adds a page: `attributes` such as `/MediaBox […] /Resources 3 0 R`, and its content stream. */
  page(attributes: string, contentDictionary: string, content: Buffer): void {
    if (this.node.kids.length === PAGES_PER_NODE) this.closeNode();
    if (this.node.kids.length === 0) this.node.id = this.reserve();
    const pageId = this.reserve();
    const contentId = this.reserve();
    this.object(
      pageId,
      `<< /Type /Page /Parent ${this.node.id} 0 R ${attributes} /Contents ${contentId} 0 R >>`,
    );
    this.stream(contentId, contentDictionary, content);
    this.node.kids.push(pageId);
    this.pageCount++;
  }

  /** Writes the page tree, catalog, `info` dictionary and cross-reference table, then ends the stream. */
  end(info: string): void {
    if (this.node.kids.length > 0) this.closeNode();
    this.object(this.rootPagesId, `<< /Type /Pages /Kids [${refs(this.nodes)}] /Count ${this.pageCount} >>`);
    this.object(this.catalogId, `<< /Type /Catalog /Pages ${this.rootPagesId} 0 R >>`);
    const infoId = this.reserve();
    this.object(infoId, info);
    const xref = this.offset;
    const size = this.nextId;
    this.write(`xref\n0 ${size}\n0000000000 65535 f \n`);
    for (let from = 1; from < size; from += 4096) {
      let lines = '';
      for (let id = from; id < Math.min(from + 4096, size); id++) {
        lines += `${String(this.offsets[id]).padStart(10, '0')} 00000 n \n`;
      }
      this.write(lines);
    }
    const fileId = crypto.randomBytes(16).toString('hex');
    this.write(
      `trailer\n<< /Size ${size} /Root ${this.catalogId} 0 R /Info ${infoId} 0 R /ID [<${fileId}> <${fileId}>] >>\n` +
        `startxref\n${xref}\n%%EOF\n`,
    );
    this.flush();
    this.out.end();
  }

  private closeNode(): void {
    const { id, kids } = this.node;
    this.object(
      id,
      `<< /Type /Pages /Parent ${this.rootPagesId} 0 R /Kids [${refs(kids)}] /Count ${kids.length} >>`,
    );
    this.nodes.push(id);
    this.node = { id: 0, kids: [] };
  }

  /** Strings are written as Latin-1: the caller keeps them to single bytes. */
  private write(data: string | Buffer): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    this.chunks.push(bytes);
    this.buffered += bytes.length;
    this.offset += bytes.length;
    if (this.buffered >= CHUNK) this.flush();
  }

  private flush(): void {
    if (this.buffered === 0) return;
    this.out.write(Buffer.concat(this.chunks, this.buffered));
    this.chunks = [];
    this.buffered = 0;
  }
}

function refs(ids: number[]): string {
  return ids.map((id) => `${id} 0 R`).join(' ');
}

/** A PDF date (`D:20260302103000Z`). */
export function pdfDate(date: Date): string {
  return `D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}
