/**
 * The plain-language rule for figures, as tests check it on what a resident reads (a page's
 * text, a mail, a letter): no date written `2026-12-31` (say `31 december 2026`), and no count
 * of five or more digits without separators (say `56.950`). Codes and references (`BU06370001`,
 * `INI-2026-0001`) and web addresses are names, not figures, and are left alone.
 */
export function unplainFigures(text: string): string[] {
  const words = text.replace(/https?:\/\/\S+/g, ' ');
  const found: string[] = [];
  for (const pattern of [/\b\d{4}-\d{2}-\d{2}\b/g, /(?<![\w.,-])\d{5,}(?![\w-])/g]) {
    for (const match of words.matchAll(pattern)) {
      const start = Math.max(0, match.index - 30);
      found.push(`“${match[0]}” in “…${words.slice(start, match.index + match[0].length + 30).trim()}…”`);
    }
  }
  return found;
}

/**
 * The text of an HTML page as it is read: the title and the body's text, without scripts,
 * styles or any attribute (a `datetime`, an `href` or a form field's value is for machines).
 */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style|template)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|&#160;|&#xa0;/gi, ' ')
    .replace(/\s+/g, ' ');
}
