import { CliError, defineCommand, UsageError, type CliCommand } from '../../cli/command.js';
import { DomainError } from '../../shared/errors.js';

const createAdminCommand = defineCommand({
  name: 'create-admin',
  summary: 'Create the first administrator of a gemeente and print their one-time set-up link.',
  description: `
Creates an administrator account for the gemeente (its places must have been imported) and
prints a link, valid for 7 days and usable once, where the administrator chooses their own
password. No password is ever given on the command line. The link starts with PUBLIC_URL.
The administrator then invites the other staff from /beheer/medewerkers. The creation is
recorded in the audit log (channel cli).`,
  arguments: [],
  options: {
    email: { type: 'string', valueName: 'address', help: "the administrator's e-mail address (required)" },
    gemeente: { type: 'string', valueName: 'code', help: 'CBS code of the gemeente, e.g. GM0637 (required)' },
    name: {
      type: 'string',
      valueName: 'name',
      help: 'name shown to colleagues (default: the address; they can change it)',
    },
  },
  examples: ['create-admin --email beheer@zoetermeer.nl --gemeente GM0637 --name "Anouk de Vries"'],
  usesDatabase: true,
  async run(ctx, { values }) {
    if (!values.email) throw new UsageError('--email is required');
    if (!values.gemeente) throw new UsageError('--gemeente is required');
    const { identity } = await ctx.modules();
    try {
      const { account, setupUrl } = await identity.createAdministrator({
        email: values.email,
        gemeente: values.gemeente,
        displayName: values.name,
      });
      ctx.stdout.write(
        `Created administrator ${account.email} for ${values.gemeente.toUpperCase()}.\n` +
          `Send them this link to choose a password (valid 7 days, once):\n  ${setupUrl}\n`,
      );
    } catch (error) {
      if (error instanceof DomainError) {
        const hint =
          error.messageKey === 'errors.placeNotFound'
            ? '\nImport its places first, e.g. buurtkracht import-places datasets/cbs/kwb-2023-nl.csv'
            : '';
        throw new CliError(`${ctx.describe(error)}${hint}`);
      }
      throw error;
    }
  },
});

/** The identity module's commands. */
export const identityCommands: readonly CliCommand[] = [createAdminCommand];
