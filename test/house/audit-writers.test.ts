import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/shared/paths.js';
import { findAuditWriters } from './audit-writers.js';

describe('audit entries as the house writes them', () => {
  it('are written by the command step alone: no module but src/modules/index.ts names recordAudit', () => {
    expect(findAuditWriters(projectRoot)).toEqual([]);
  });
});

describe('the check catches a module writing its own entries (a deliberately broken tree)', () => {
  let root: string;
  const write = async (file: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), text);
  };

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'buurtkracht-audit-'));
    // Allowed: the audit module defines the writer; src/modules/index.ts gives it to the runner.
    await write('src/modules/audit/index.ts', "export { recordAudit } from './audit.service.js';\n");
    await write('src/modules/audit/audit.service.ts', 'export const recordAudit = () => 1;\n');
    await write(
      'src/modules/index.ts',
      "import { recordAudit } from './audit/index.js';\nexport const writer = recordAudit;\n",
    );
    // Allowed: a module that records through the command step.
    await write(
      'src/modules/walks/walks.service.ts',
      'export const plan = (step: { record(r: object): void }) => step.record({ subject: null });\n',
    );
    // Not allowed: importing the writer (renamed or not), re-exporting it, or passing it round as a port.
    await write(
      'src/modules/reports/reports.service.ts',
      [
        "import { recordAudit } from '../audit/index.js';",
        "import { recordAudit as write } from '../audit/index.js';",
        'export const a = recordAudit;',
        'export const b = write;',
        '',
      ].join('\n'),
    );
    await write('src/modules/reports/index.ts', "export { recordAudit } from '../audit/index.js';\n");
    await write(
      'src/modules/panels/panels.service.ts',
      [
        'export interface PanelsPorts {',
        '  recordAudit(trx: unknown, entry: object): Promise<void>;',
        '}',
        'export const c = (ctx: PanelsPorts) => ctx.recordAudit(null, {});',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('names every use outside the command step, with its line, and only those', () => {
    const found = findAuditWriters(root)
      .map((u) => `${u.file}:${u.line}`)
      .sort();
    expect(found).toEqual([
      'src/modules/panels/panels.service.ts:2',
      'src/modules/panels/panels.service.ts:4',
      'src/modules/reports/index.ts:1',
      'src/modules/reports/reports.service.ts:1',
      'src/modules/reports/reports.service.ts:2',
    ]);
  });
});
