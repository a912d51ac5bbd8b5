import { cliActing } from '../../access/index.js';
import { defineCommand, UsageError, type CliCommand } from '../../cli/command.js';

/*
 * The platform administrator's part of AVG/GDPR requests: a person's data across every
 * gemeente, including the data that belongs to none. Refusals (a malformed address) are
 * worded by the runner, one plain line, exit 1.
 */

const PRIVACY_SCOPE = `
Administrators of a gemeente handle their own gemeente's part at /beheer/privacy. This command
reaches every gemeente, and the data that belongs to none (a resident's sign-in links and
sessions, and the mail that sent them): that part only the platform's administrator handles.`;

const privacyExportCommand = defineCommand({
  name: 'privacy-export',
  summary: "Print one person's data, in every gemeente, as JSON (AVG art. 15).",
  description: `
Collects what the personal data register holds about the person with this e-mail address and
prints it as JSON, entry by entry, with purpose, legal basis and retention.
${PRIVACY_SCOPE}
Stored mail never holds a working link, so neither does the export. Recorded in the audit log
(channel cli), without the address.`,
  arguments: [],
  options: {
    email: { type: 'string', valueName: 'address', help: "the person's e-mail address (required)" },
  },
  examples: ['privacy-export --email bewoner@example.nl > persoonsgegevens.json'],
  usesDatabase: true,
  async run(ctx, { values }) {
    const { email } = values;
    if (!email) throw new UsageError('--email is required');
    const data = await (
      await ctx.modules()
    ).privacyRequests.service.exportData(cliActing('privacy-export'), email);
    ctx.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  },
});

const privacyEraseCommand = defineCommand({
  name: 'privacy-erase',
  summary: "Erase one person's data, in every gemeente (AVG art. 17).",
  description: `
Erases what the personal data register holds about the person with this e-mail address, as
each entry declares (deleted or anonymised), in one transaction; what the law makes us keep
stays, and is listed with the reason. This cannot be undone, so it asks for --yes.
${PRIVACY_SCOPE}
Recorded in the audit log (channel cli) and the erasure log, without the address.`,
  arguments: [],
  options: {
    email: { type: 'string', valueName: 'address', help: "the person's e-mail address (required)" },
    yes: { type: 'boolean', help: 'erase for good (required: this cannot be undone)' },
  },
  examples: ['privacy-erase --email bewoner@example.nl --yes'],
  usesDatabase: true,
  async run(ctx, { values }) {
    const { email } = values;
    if (!email) throw new UsageError('--email is required');
    if (!values.yes) throw new UsageError('an erasure cannot be undone: add --yes to erase');
    const { report } = await (
      await ctx.modules()
    ).privacyRequests.service.eraseData(cliActing('privacy-erase'), email);
    const lines = [
      `Request ${report.requestId}.`,
      ...(report.erased.length === 0 ? ['Nothing to erase.'] : []),
      ...report.erased.map(
        (e) => `  ${e.entryId}: ${e.rows} ${e.action === 'delete' ? 'deleted' : 'anonymised'}`,
      ),
      ...(report.kept.length > 0 ? ['Kept:'] : []),
      ...report.kept.map((k) => `  ${k.entryId}: ${k.rows}, because ${k.reason}`),
    ];
    ctx.stdout.write(`${lines.join('\n')}\n`);
  },
});

// ---------------------------------------------------------------------------------------------
// the household budget (buurtbudget): budget-year, support-goal, issue-vouchers, letters,

/** The privacy requests' commands. */
export const privacyRequestsCommands: readonly CliCommand[] = [privacyExportCommand, privacyEraseCommand];
