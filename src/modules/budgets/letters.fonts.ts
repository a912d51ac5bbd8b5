import { createRequire } from 'node:module';
import type PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
/** pdfkit, loaded on first use: importing it costs every server start ~0.2 s. */
const loadPdfKit = (): typeof PDFDocument => require('pdfkit') as typeof PDFDocument;

/** The PDF standard fonts the letters use: every reader has them, so nothing is embedded. */
export type LetterFont = 'Helvetica' | 'Helvetica-Bold' | 'Courier-Bold';

/** Each font's ascender (AFM units): text is placed by the top of its line, as pdfkit does. */
const ASCENDER: Record<LetterFont, number> = { Helvetica: 718, 'Helvetica-Bold': 718, 'Courier-Bold': 629 };

/**
 * Bytes 0x80–0x9f of WinAnsiEncoding (Windows-1252), from 0x80; a space where the encoding has
 * no character. The other bytes from 0x20 are Latin-1. (Node's TextDecoder cannot be asked: with
 * small ICU it decodes windows-1252 as Latin-1.)
 */
const WIN_ANSI_HIGH = '€ ‚ƒ„…†‡ˆ‰Š‹Œ Ž  ‘’“”•–—˜™š›œ žŸ';
/** Unicode → WinAnsiEncoding, the encoding the standard fonts are used with. */
const WIN_ANSI = new Map<number, number>();
for (let byte = 0x20; byte <= 0xff; byte++) {
  const high = byte >= 0x80 && byte < 0xa0;
  const char = high ? WIN_ANSI_HIGH.charAt(byte - 0x80) : String.fromCharCode(byte);
  if (byte !== 0x7f && !(high && char === ' ')) WIN_ANSI.set(char.charCodeAt(0), byte);
}
const UNICODE = new Map([...WIN_ANSI].map(([code, byte]) => [byte, String.fromCharCode(code)]));
const UNSET = -0x8000;

/**
 * Sets lines of text in the standard fonts as PDF operators, with the fonts' own kerning: the
 * same glyphs and positions pdfkit produces, without its per-call layout work. Widths and kerning
 * come from pdfkit's font metrics, measured once per character and per pair.
 */
export class LetterText {
  /** Measures only; this document is never written anywhere. */
  private readonly metrics = new (loadPdfKit())({ autoFirstPage: false });
  private readonly widths = new Map<LetterFont, Int16Array>();
  private readonly kerning = new Map<LetterFont, Int16Array>();

  /** Width of `text` in points, kerning included. */
  width(font: LetterFont, size: number, text: string): number {
    const bytes = this.encode(text);
    let units = 0;
    for (let i = 0; i < bytes.length; i++) {
      units += this.advance(font, bytes[i] ?? 0);
      if (i + 1 < bytes.length) units += this.kern(font, bytes[i] ?? 0, bytes[i + 1] ?? 0);
    }
    return (units * size) / 1000;
  }

  /**
   * One line with its top-left corner at (x, top) in points from the page's top-left corner; the
   * font must be set already (`Tf`) inside a `BT … ET` block.
   */
  line(font: LetterFont, size: number, x: number, top: number, pageHeight: number, text: string): string {
    const baseline = pageHeight - top - (ASCENDER[font] * size) / 1000;
    return `1 0 0 1 ${fixed(x)} ${fixed(baseline)} Tm\n${this.show(font, text)}\n`;
  }

  /** `[(Wa) 80 (t)] TJ`: the text in WinAnsiEncoding, cut where kerning moves a glyph. */
  show(font: LetterFont, text: string): string {
    const bytes = this.encode(text);
    let out = '[(';
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i] ?? 0;
      if (byte === 0x28 || byte === 0x29 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
      else if (byte >= 0x80) out += `\\${byte.toString(8)}`;
      else out += String.fromCharCode(byte);
      const kern = i + 1 < bytes.length ? this.kern(font, byte, bytes[i + 1] ?? 0) : 0;
      if (kern !== 0) out += `) ${-kern} (`;
    }
    return `${out})] TJ`;
  }

  /**
   * The text as WinAnsiEncoding bytes. A character the encoding lacks loses its accent when that
   * helps (ő → o), else becomes `?` (ł): pdfkit wrote such characters as broken codes that showed
   * up as other characters.
   */
  private encode(text: string): Uint8Array {
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let byte = WIN_ANSI.get(code);
      if (byte === undefined) {
        const base = code < 0x20 ? ' ' : text.charAt(i).normalize('NFD').charAt(0);
        byte = WIN_ANSI.get(base.charCodeAt(0)) ?? 0x3f;
      }
      bytes[i] = byte;
    }
    return bytes;
  }

  private advance(font: LetterFont, byte: number): number {
    const widths = this.table(this.widths, font, 0x100);
    if (widths[byte] === UNSET) widths[byte] = Math.round(this.measure(font, UNICODE.get(byte) ?? '?'));
    return widths[byte] ?? 0;
  }

  private kern(font: LetterFont, left: number, right: number): number {
    const kerning = this.table(this.kerning, font, 0x10000);
    const pair = (left << 8) | right;
    if (kerning[pair] === UNSET) {
      const both = this.measure(font, `${UNICODE.get(left) ?? '?'}${UNICODE.get(right) ?? '?'}`);
      kerning[pair] = Math.round(both) - this.advance(font, left) - this.advance(font, right);
    }
    return kerning[pair] ?? 0;
  }

  private table(tables: Map<LetterFont, Int16Array>, font: LetterFont, length: number): Int16Array {
    let table = tables.get(font);
    if (!table) {
      table = new Int16Array(length).fill(UNSET);
      tables.set(font, table);
    }
    return table;
  }

  /** Width in AFM units (thousandths of the font size). */
  private measure(font: LetterFont, text: string): number {
    return this.metrics.font(font).fontSize(1000).widthOfString(text);
  }
}

/** A number for a content stream: at most three decimals, no trailing zeros. */
function fixed(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
