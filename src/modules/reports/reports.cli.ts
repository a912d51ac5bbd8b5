import { cliActing } from '../../access/index.js';
import { CliError, defineCommand, UsageError, type CliCommand } from '../../cli/command.js';
import { DomainError } from '../../shared/errors.js';

const createApiKeyCommand = defineCommand({
  name: 'create-api-key',
  summary: 'Make an Open311 API key for one gemeente and print it once.',
  description: `
Makes a key with which another system (an app, a city's own reporting form) posts reports to
the gemeente through Open311 GeoReport v2 (POST /open311/v2/requests.json with api_key and
jurisdiction_id). The key is printed once: only its SHA-256 is stored. A key posts only into
its own gemeente and is rate limited (120 requests a minute per key). The creation is recorded in the audit log (channel cli).`,
  arguments: [],
  options: {
    gemeente: { type: 'string', valueName: 'code', help: 'CBS code of the gemeente, e.g. GM0637 (required)' },
    name: { type: 'string', valueName: 'name', help: 'who uses the key, e.g. "BuitenBeter app" (required)' },
  },
  examples: ['create-api-key --gemeente GM0637 --name "BuitenBeter app"'],
  usesDatabase: true,
  async run(ctx, { values }) {
    if (!values.gemeente) throw new UsageError('--gemeente is required');
    if (!values.name) throw new UsageError('--name is required');
    const gemeente = values.gemeente.trim().toUpperCase();
    const { reports, places } = await ctx.modules();
    try {
      const detail = await places.getPlaceDetail(gemeente);
      if (detail.level !== 'gemeente') throw new CliError(`${gemeente} is not a gemeente`);
      const { key } = await reports.createApiKey(cliActing('create-api-key'), {
        gemeente,
        name: values.name,
      });
      ctx.stdout.write(
        `Made an Open311 API key "${values.name.trim()}" for ${gemeente}. It is shown only now:\n  ${key}\n`,
      );
    } catch (error) {
      if (error instanceof DomainError) throw new CliError(ctx.describe(error));
      throw error;
    }
  },
});

/** The reports module's commands. */
export const reportsCommands: readonly CliCommand[] = [createApiKeyCommand];
