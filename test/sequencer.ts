import fs from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order the test files start in: longest first, from the durations of an earlier full run
 * that `test/durations.json` keeps (`npm run test:durations` writes it from a JSON report).
 * Two workers share the files of a project, and a project ends only when its last file does;
 * starting the long files first keeps the other worker busy to the end instead of leaving it
 * idle while one long file runs alone (on a clean clone Vitest has no results cache, and orders
 * by file size). A file not in the list (a new one) starts first, so it cannot be the tail.
 */
export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const durations = readDurations(this.ctx.config.root);
    const key = (spec: TestSpecification) =>
      `${spec.project.name}:${path.relative(this.ctx.config.root, spec.moduleId).split(path.sep).join('/')}`;
    // Unknown files first (as the longest), then the known ones by their duration, longest first.
    const rank = (spec: TestSpecification) => durations[key(spec)] ?? Number.MAX_SAFE_INTEGER;
    return [...files].sort((a, b) => rank(b) - rank(a));
  }
}

function readDurations(root: string): Record<string, number> {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'test', 'durations.json'), 'utf8')) as Record<
      string,
      number
    >;
  } catch {
    return {};
  }
}
