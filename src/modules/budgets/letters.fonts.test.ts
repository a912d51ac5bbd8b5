import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { LetterText } from './letters.fonts.js';

describe('letter text: set as pdfkit would, in WinAnsiEncoding with kerning', () => {
  const text = new LetterText();

  it('measures lines as pdfkit does, kerning included', () => {
    const doc = new PDFDocument({ autoFirstPage: false });
    for (const font of ['Helvetica', 'Helvetica-Bold'] as const) {
      for (const line of ['Uw buurtbudget 2026: € 12,50', 'AVATAR Wat? “Prima” — T.V.', 'Súdwest-Fryslân']) {
        expect(text.width(font, 11, line)).toBeCloseTo(doc.font(font).fontSize(11).widthOfString(line), 9);
      }
    }
  });

  it('cuts the string where kerning moves a glyph, in thousandths of the size', () => {
    // Helvetica's metrics kern A–V by −70 and V–A by −80: a TJ number moves the next glyph left.
    expect(text.show('Helvetica', 'AVA')).toBe('[(A) 70 (V) 80 (A)] TJ');
  });

  it('escapes PDF string syntax and writes other bytes in octal', () => {
    expect(text.show('Courier-Bold', 'a\\b (c) € é')).toBe('[(a\\\\b \\(c\\) \\200 \\351)] TJ');
  });

  it('drops an accent the encoding lacks, and prints ? for a character it lacks', () => {
    expect(text.show('Courier-Bold', 'Łódź ő 日')).toBe('[(?\\363dz o ?)] TJ');
  });
});
