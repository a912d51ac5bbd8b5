import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { formatEuros } from '../../shared/money.js';
import { formatCode } from './voucher-code.js';

/** What every letter of a run shares. */
export interface LetterRun {
  municipalityName: string;
  year: number;
  amountCents: number;
  scope: 'buurt' | 'wijk';
  closesOn: string;
  publicUrl: string;
}

/** One letter: the household's address when the register has it, and its code. */
export interface Letter {
  code: string;
  buurtName: string;
  address: { street: string; postcode: string; houseNumber: string; city: string } | null;
}

const MM = 72 / 25.4;

/**
 * Writes letters as one A4 page each into a streamed PDF: memory stays flat for any number of
 * letters. The QR code is drawn as vector runs (no image per page), which keeps it fast.
 */
export class LetterWriter {
  private readonly doc: PDFKit.PDFDocument;
  private pages = 0;

  constructor(
    out: Writable,
    private readonly run: LetterRun,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      autoFirstPage: false,
      compress: true,
      info: { Title: 'Buurtbudget' },
    });
    this.doc.pipe(out);
    this.link = `${run.publicUrl}/buurtbudget?code=`;
    this.prepared = this.prepare();
  }

  /** Paragraphs shared by every letter, broken into lines once (text layout is the slow part). */
  private readonly prepared: {
    font: string;
    size: number;
    x: number;
    y: number;
    lines: string[];
    gap: number;
  }[];
  private readonly link: string;

  /** Adds one page. */
  add(letter: Letter): void {
    const { doc, run } = this;
    doc.addPage({ size: 'A4', margin: 0 });
    this.pages++;
    doc.fillColor('black');
    this.line('Helvetica', 10, 25 * MM, 20 * MM, `Gemeente ${run.municipalityName}`);
    // Address block where a window envelope shows it (left, about 50 mm from the top).
    const address = letter.address
      ? [
          'Aan de bewoners van',
          `${letter.address.street} ${letter.address.houseNumber}`,
          `${letter.address.postcode}  ${letter.address.city}`.trim(),
        ]
      : ['Aan de bewoners', `Buurt ${letter.buurtName}`];
    address.forEach((text, i) => this.line('Helvetica', 11, 25 * MM, 50 * MM + i * 14, text));
    for (const p of this.prepared) {
      p.lines.forEach((text, i) => this.line(p.font, p.size, p.x, p.y + i * p.gap, text));
    }
    this.line('Courier-Bold', 26, 25 * MM, 142 * MM, formatCode(letter.code));
    this.drawQr(`${this.link}${formatCode(letter.code)}`, 140 * MM, 175 * MM, 45 * MM);
  }

  private line(font: string, size: number, x: number, y: number, text: string): void {
    this.doc.font(font).fontSize(size).text(text, x, y, { lineBreak: false });
  }

  /** Breaks a paragraph into lines of at most `width` points (word wrap, measured once). */
  private wrap(font: string, size: number, width: number, text: string): string[] {
    this.doc.font(font).fontSize(size);
    const lines: string[] = [];
    for (const para of text.split('\n')) {
      let current = '';
      for (const word of para.split(' ')) {
        const next = current === '' ? word : `${current} ${word}`;
        if (current !== '' && this.doc.widthOfString(next) > width) {
          lines.push(current);
          current = word;
        } else current = next;
      }
      lines.push(current);
    }
    return lines;
  }

  private prepare(): typeof this.prepared {
    const run = this.run;
    const amount = formatEuros(run.amountCents, 'nl').replace(/\u00a0/g, ' ');
    const out: typeof this.prepared = [];
    let y = 90 * MM;
    const add = (font: string, size: number, width: number, text: string, after = 6) => {
      const lines = this.wrap(font, size, width, text);
      const gap = size * 1.25;
      out.push({ font, size, x: 25 * MM, y, lines, gap });
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
        `U kunt geven tot en met ${run.closesOn}. Daarna vervalt het geld.`,
      10,
    );
    add('Helvetica', 11, 160 * MM, 'Uw persoonlijke code:', 34);
    y = 155 * MM;
    add(
      'Helvetica',
      10,
      160 * MM,
      'Let op hoofdletters en kleine letters. Er staan geen 0, 1, O, I, L of U in.',
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

  private drawQr(text: string, x: number, y: number, size: number): void {
    // A fixed mask and one byte segment: choosing them per code costs more than the whole page.
    const qr = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], {
      errorCorrectionLevel: 'M',
      maskPattern: 0,
    });
    const n = qr.modules.size;
    const cell = size / (n + 8);
    const ox = x + 4 * cell;
    const oy = y + 4 * cell;
    for (let row = 0; row < n; row++) {
      let start = -1;
      for (let col = 0; col <= n; col++) {
        const dark = col < n && qr.modules.get(row, col) === 1;
        if (dark && start < 0) start = col;
        if (!dark && start >= 0) {
          this.doc.rect(ox + start * cell, oy + row * cell, (col - start) * cell, cell);
          start = -1;
        }
      }
    }
    this.doc.fill('black');
  }

  /** Ends the document; resolves when the output has everything. */
  end(out: Writable): Promise<number> {
    return new Promise((resolve, reject) => {
      out.once('finish', () => resolve(this.pages));
      out.once('error', reject);
      this.doc.end();
    });
  }
}
