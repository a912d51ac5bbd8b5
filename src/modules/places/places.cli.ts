import path from 'node:path';
import {
  CliError,
  defineCommand,
  formatRows,
  checkIsFile,
  parseYear,
  UsageError,
  type CliCommand,
} from '../../cli/command.js';
import { createProgress } from '../../cli/progress.js';
import { PLACE_LEVELS, type PlaceInput, type PlaceLevel } from './place.js';
import { ImportFileError, importFormatOf } from './places.import.js';
import { importPlaces, readPlacesFile, type ImportResult } from './places.service.js';

const LEVEL_PLURALS: Record<PlaceLevel, string> = { gemeente: 'gemeenten', wijk: 'wijken', buurt: 'buurten' };

function yearsOf(places: readonly PlaceInput[]): string {
  return [...new Set(places.map((p) => p.year))].sort((a, b) => a - b).join(', ');
}

const importPlacesCommand = defineCommand({
  name: 'import-places',
  summary: 'Import CBS gemeenten, wijken and buurten: boundaries (GeoJSON) or figures (CSV).',
  description: `
A .geojson (or .json) file is a CBS buurt or wijk FeatureCollection in WGS84 with code,
name, households, inhabitants and year per feature. A .csv file is the CBS figures file
(code,name,level,parentCode,municipalityCode,households,inhabitants); its year comes from
its name (kwb-2023-nl.csv) or from --year.

Every file is checked completely before anything is written, and each file is written in
one transaction: a file with a problem is refused as a whole, naming the line or feature
and what is wrong. Importing a file again updates the places it holds and changes nothing
else; values a file leaves empty (the CSV has no boundaries) keep what is stored.`,
  arguments: [
    {
      name: 'file',
      variadic: true,
      help: 'a .geojson/.json boundary file or a .csv figures file; several are imported in order',
    },
  ],
  options: {
    year: {
      type: 'string',
      valueName: 'year',
      help: 'year of the figures in a CSV whose name has no year',
    },
  },
  examples: [
    'import-places datasets/cbs/kwb-2023-nl.csv',
    'import-places datasets/cbs/GM0637-zoetermeer-wijken.geojson datasets/cbs/GM0637-zoetermeer.geojson',
    'import-places figures.csv --year 2024',
  ],
  usesDatabase: true,
  async run(ctx, { values, positionals: files }) {
    const year = values.year === undefined ? undefined : parseYear(values.year);
    if (year !== undefined) {
      const geojson = files.find((f) => importFormatOf(path.basename(f)) === 'geojson');
      if (geojson) {
        throw new UsageError(
          `--year applies to a figures CSV only; ${geojson} gives the year of each feature itself`,
        );
      }
    }
    // Check every file before the database is opened: a refused file then writes nothing
    // and needs no lock, and a typo in the last file does not leave the first ones imported.
    const checked: { name: string; places: PlaceInput[] }[] = [];
    for (const file of files) {
      await checkIsFile(ctx.resolvePath(file));
      try {
        checked.push({
          name: path.basename(file),
          places: await readPlacesFile(ctx.resolvePath(file), year),
        });
      } catch (error) {
        if (error instanceof ImportFileError) throw new CliError(error.message);
        throw error;
      }
    }

    const database = await ctx.database();
    for (const { name, places } of checked) {
      await ctx.checkpoint();
      const progress = createProgress(`Importing ${name}`, places.length, ctx.stderr);
      let result: ImportResult;
      try {
        result = await importPlaces(database.db, name, places, (done) => {
          // Thrown inside the import's transaction, so an interrupted file is rolled back whole
          // (on a PostgreSQL server; the embedded database finishes the file first).
          ctx.signal.throwIfAborted();
          progress.update(done);
        });
      } finally {
        progress.stop();
      }
      // Each file's summary as soon as it is in, so an interruption leaves no doubt which are.
      const rows = PLACE_LEVELS.map(
        (level) => [LEVEL_PLURALS[level], result.byLevel[level].toLocaleString('en-US').padStart(8)] as const,
      );
      ctx.stdout.write(
        `Imported ${name} (${yearsOf(places)}): ${result.places.toLocaleString('en-US')} places\n` +
          `${formatRows(rows)}\n`,
      );
    }
    ctx.stdout.write(`Database: ${ctx.describeDatabase()}.\n`);
  },
});

/** The places module's commands. */
export const placesCommands: readonly CliCommand[] = [importPlacesCommand];
