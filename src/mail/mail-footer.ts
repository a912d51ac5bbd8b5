/** Dutch first, English too; the same two languages as the web pages. */
export type MailLocale = 'nl' | 'en';

export interface MailBody {
  readonly text: string;
  readonly html?: string;
}

export interface MailFooterOptions {
  readonly locale: MailLocale;
  /** The app's public address (`config.publicUrl`), so the reader can check where mail is from. */
  readonly publicUrl: string;
  /**
   * Why this person gets this mail, in one plain sentence (`U krijgt deze e-mail omdat u een
   * melding deed.`). Telling it is the difference between a notification and spam.
   */
  readonly reason?: string;
}

const FOOTER: Record<MailLocale, { from: (url: string) => string; automatic: string }> = {
  nl: {
    from: (url) => `Dit bericht komt van Buurtkracht: ${url}`,
    automatic: 'Dit is een automatisch bericht.',
  },
  en: {
    from: (url) => `This message is from Buurtkracht: ${url}`,
    automatic: 'This is an automatic message.',
  },
};

/**
 * Adds the same footer to every message: where it comes from, why the reader gets it, and that
 * it was sent automatically. In text after the standard signature line (`-- `), which mail programs
 * show dimmed; in HTML as a separate, escaped paragraph.
 */
export function withMailFooter(body: MailBody, options: MailFooterOptions): { text: string; html?: string } {
  const words = FOOTER[options.locale];
  const lines = [words.from(options.publicUrl), ...(options.reason ? [options.reason] : []), words.automatic];
  const text = `${body.text.trimEnd()}\n\n-- \n${lines.join('\n')}\n`;
  if (body.html === undefined) return { text };
  const html = `${body.html}\n<hr>\n<p style="color:#555;font-size:90%">${lines.map(escapeHtml).join('<br>\n')}</p>\n`;
  return { text, html };
}

/** Text as it stands in HTML: the footer's lines, and a secret link as it appears in an HTML body. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
