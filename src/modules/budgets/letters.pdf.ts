import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import zlib from 'node:zlib';
import { formatDate, type IsoDate } from '../../shared/dates.js';
import { formatEuros } from '../../shared/money.js';
import { LetterText, type LetterFont } from './letters.fonts.js';
import { PdfFile, pdfDate } from './letters.pdf-file.js';
import { QrTailEncoder, qrRectangles } from './letters.qr.js';
import { CODE_ALPHABET, CODE_LENGTH, formatCode } from './voucher-code.js';

/** What every letter of a run shares. */
export interface LetterRun {
  municipalityName: string;
  year: number;
  amountCents: number;
  scope: 'buurt' | 'wijk';
  /** The year's last day (`YYYY-MM-DD`); the letter says it in words. */
  closesOn: IsoDate;
  publicUrl: string;
}

/** One letter: the household's address when the register has it, and its code. */
export interface Letter {
  code: string;
  buurtName: string;
  address: { street: string; postcode: string; houseNumber: string; city: string } | null;
}

const MM = 72 / 25.4;
const PAGE = { width: 595.28, height: 841.89 };
const FONT_RESOURCE: Record<LetterFont, string> = {
  Helvetica: 'F1',
  'Helvetica-Bold': 'F2',
  'Courier-Bold': 'F3',
};
/** Where the QR code goes (top-left corner and side, quiet zone included), in points. */
const QR = { x: 140 * MM, y: 175 * MM, size: 45 * MM };
/**
 * Page streams are about 3 kB, mostly QR rectangles. zlib's fastest level packs them to about
 * 1 kB, an eighth more than its default level, in under half the time; compressing is still
 * the largest cost of a page.
 */
const DEFLATE = { level: 1 };

const FILL = Buffer.from('f\nQ\n', 'latin1');

/** One line of text: font, size, left edge and top in points from the page's top-left corner. */
interface Line {
  font: LetterFont;
  size: number;
  x: number;
  y: number;
  text: string;
}

/**
 * Writes letters as one A4 page each into a streamed PDF; memory stays flat for any number of
 * letters (see `PdfFile`).
 *
 * Fast because a page holds only what differs between letters: everything they share (the
 * explanation, the instructions) is laid out once into a form XObject that each page draws by
 * name, and the page itself has the address, the code and the QR code, as a few text operators
 * and the QR code's rectangles (vector, so it prints sharp at any size).
 */
export class LetterWriter {
  private readonly file: PdfFile;
  private readonly text = new LetterText();
  private readonly qr: QrTailEncoder;
  private readonly pageAttributes: string;
  private readonly qrTransforms = new Map<number, string>();

  constructor(
    out: Writable,
    private readonly run: LetterRun,
  ) {
    this.file = new PdfFile(out);
    const link = `${run.publicUrl}/buurtbudget?code=`;
    // Any code of the right length teaches the encoder (see `QrTailEncoder`).
    this.qr = new QrTailEncoder(link, formatCode(CODE_ALPHABET.charAt(0).repeat(CODE_LENGTH)));

    const fonts = Object.entries(FONT_RESOURCE).map(([font, name]) => {
      const id = this.file.reserve();
      this.file.object(id, `<< /Type /Font /Subtype /Type1 /BaseFont /${font} /Encoding /WinAnsiEncoding >>`);
      return `/${name} ${id} 0 R`;
    });
    const fontResources = `<< ${fonts.join(' ')} >>`;
    const shared = this.file.reserve();
    this.file.stream(
      shared,
      `/Type /XObject /Subtype /Form /BBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font ${fontResources} >> /Filter /FlateDecode`,
      zlib.deflateSync(Buffer.from(this.textBlock(this.sharedLines()), 'latin1')),
    );
    const resources = this.file.reserve();
    this.file.object(
      resources,
      `<< /ProcSet [/PDF /Text] /Font ${fontResources} /XObject << /Letter ${shared} 0 R >> >>`,
    );
    this.pageAttributes = `/MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources ${resources} 0 R`;
  }

  /** Adds one page. */
  add(letter: Letter): void {
    // Address block where a window envelope shows it (left, about 50 mm from the top).
    const address = letter.address
      ? [
          'Aan de bewoners van',
          `${letter.address.street} ${letter.address.houseNumber}`,
          `${letter.address.postcode}  ${letter.address.city}`.trim(),
        ]
      : ['Aan de bewoners', `Buurt ${letter.buurtName}`];
    const code = formatCode(letter.code);
    const lines: Line[] = address.map((text, i) => ({
      font: 'Helvetica',
      size: 11,
      x: 25 * MM,
      y: 50 * MM + i * 14,
      text,
    }));
    lines.push({ font: 'Courier-Bold', size: 26, x: 25 * MM, y: 142 * MM, text: code });
    const qr = this.qr.encode(code);
    const content = Buffer.concat([
      Buffer.from(`/Letter Do\n${this.textBlock(lines)}q ${this.qrTransform(qr.size)} cm\n`, 'latin1'),
      qrRectangles(qr),
      FILL,
    ]);
    this.file.page(this.pageAttributes, '/Filter /FlateDecode', zlib.deflateSync(content, DEFLATE));
  }

  /**
   * Ends the document; resolves with the number of letters when the output has everything (a
   * file: closed), rejects when the output failed, now or earlier.
   */
  async end(out: Writable): Promise<number> {
    const written = finished(out, { readable: false });
    this.file.end(
      `<< /Title (Buurtbudget) /Producer (Buurtkracht) /CreationDate (${pdfDate(new Date())}) >>`,
    );
    await written;
    return this.file.pages;
  }

  /** Scales one unit to one module, rows counted down from the symbol's top-left corner. */
  private qrTransform(modules: number): string {
    let transform = this.qrTransforms.get(modules);
    if (!transform) {
      const cell = QR.size / (modules + 8);
      transform = [cell, 0, 0, -cell, QR.x + 4 * cell, PAGE.height - QR.y - 4 * cell]
        .map((n) => String(Math.round(n * 1e5) / 1e5))
        .join(' ');
      this.qrTransforms.set(modules, transform);
    }
    return transform;
  }

  private textBlock(lines: Line[]): string {
    let ops = 'BT\n';
    let font = '';
    for (const line of lines) {
      const tf = `/${FONT_RESOURCE[line.font]} ${line.size} Tf\n`;
      if (tf !== font) ops += tf;
      font = tf;
      ops += this.text.line(line.font, line.size, line.x, line.y, PAGE.height, line.text);
    }
    return `${ops}ET\n`;
  }

  /** Breaks a paragraph into lines of at most `width` points (word wrap). */
  private wrap(font: LetterFont, size: number, width: number, text: string): string[] {
    const lines: string[] = [];
    for (const para of text.split('\n')) {
      let current = '';
      for (const word of para.split(' ')) {
        const next = current === '' ? word : `${current} ${word}`;
        if (current !== '' && this.text.width(font, size, next) > width) {
          lines.push(current);
          current = word;
        } else current = next;
      }
      lines.push(current);
    }
    return lines;
  }

  /** Every letter's text but the address and the code, laid out once. */
  private sharedLines(): Line[] {
    const run = this.run;
    const amount = formatEuros(run.amountCents, 'nl').replace(/\u00a0/g, ' ');
    const out: Line[] = [
      { font: 'Helvetica', size: 10, x: 25 * MM, y: 20 * MM, text: `Gemeente ${run.municipalityName}` },
    ];
    let y = 90 * MM;
    const add = (font: LetterFont, size: number, width: number, text: string, after = 6) => {
      const lines = this.wrap(font, size, width, text);
      const gap = size * 1.25;
      lines.forEach((line, i) => out.push({ font, size, x: 25 * MM, y: y + i * gap, text: line }));
      y += lines.length * gap + after;
    };
    add('Helvetica-Bold', 16, 160 * MM, `Uw buurtbudget ${run.year}: ${amount}`);
    add(
      'Helvetica',
      11,
      160 * MM,
      `Uw huishouden krijgt ${amount} van de gemeente. U mag dit geld geven aan één initiatief ` +
        `in uw eigen ${run.scope === 'buurt' ? 'buurt' : 'wijk'}. Dat is een plan van bewoners, ` +
        'bijvoorbeeld een buurtfeest of een moestuin. U geeft het hele bedrag in één keer. ' +
        'Haalt het initiatief niet genoeg geld op, dan mag u opnieuw kiezen. ' +
        `U kunt geven tot en met ${formatDate(run.closesOn, 'nl')}. Daarna vervalt het geld.`,
      10,
    );
    add('Helvetica', 11, 160 * MM, 'Uw persoonlijke code:', 34);
    y = 155 * MM;
    add(
      'Helvetica',
      10,
      160 * MM,
      'U mag de code typen met kleine letters en zonder streepjes. In de code staat nooit de letter O of I: dat is het cijfer 0 of 1.',
      12,
    );
    add('Helvetica-Bold', 11, 110 * MM, 'Zo geeft u uw buurtbudget:', 2);
    add(
      'Helvetica',
      11,
      110 * MM,
      `1. Scan de QR-code met uw telefoon, of ga naar ${run.publicUrl}/buurtbudget en typ de code.\n` +
        '2. Kies een initiatief.\n3. Bevestig uw keuze. U krijgt een bonnummer.',
      10,
    );
    add(
      'Helvetica',
      11,
      110 * MM,
      'Geen computer of telefoon? Neem deze brief mee naar de balie van het gemeentehuis. ' +
        'Een medewerker helpt u. Bewaar deze brief: met de code ziet u later wat er met uw geld gebeurt.',
    );
    y = 270 * MM;
    add(
      'Helvetica',
      8,
      160 * MM,
      'Deel uw code niet met anderen. Wie de code heeft, kan uw buurtbudget geven.',
    );
    return out;
  }
}
