import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/shared/paths.js';
import {
  findCycles,
  findDeepImports,
  findTestCodeInProduct,
  readImportGraph,
  type ImportEdge,
} from './import-graph.js';

/** Where the house rules apply: the product, its tests and its benchmarks. */
const TREES = ['src', 'test', 'bench'];

const describeEdge = (e: ImportEdge) => `${e.from} imports ${e.to}${e.typeOnly ? ' (type only)' : ''}`;

describe('the house as it is', () => {
  const edges = readImportGraph(projectRoot, TREES);

  it('reads the imports of the whole tree', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges).toContainEqual({ from: 'src/app.ts', to: 'src/config.ts', typeOnly: true });
  });

  it('enters another module only through its index.ts', () => {
    expect(findDeepImports(edges).map(describeEdge)).toEqual([]);
  });

  it('never runs test code in the product (the build leaves test helpers out)', () => {
    expect(findTestCodeInProduct(edges).map(describeEdge)).toEqual([]);
  });

  it('has no import cycle, not even of types', () => {
    expect(findCycles(edges).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('builds every form of the modules from src/web (PostForm with its CSRF token, GetForm)', async () => {
    const modules = path.join(projectRoot, 'src', 'modules');
    const views = (await fs.readdir(modules, { recursive: true, encoding: 'utf8' })).filter((f) =>
      f.endsWith('.tsx'),
    );
    const handWritten: string[] = [];
    for (const file of views)
      if (HAND_WRITTEN_FORM.test(await fs.readFile(path.join(modules, file), 'utf8'))) handWritten.push(file);
    expect(handWritten).toEqual([]);
    expect(HAND_WRITTEN_FORM.test('      <form method="get" action="/zoeken">')).toBe(true);
    expect(HAND_WRITTEN_FORM.test('<GetForm action="/zoeken">')).toBe(false);
  });
});

/** A `<form` element written out in a view, rather than one of src/web's form components. */
const HAND_WRITTEN_FORM = /<form\b/;

describe('the checks catch what they are for (a deliberately broken tree)', () => {
  let root: string;
  const write = async (file: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), text);
  };

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'buurtkracht-house-'));
    await write('src/modules/reports/index.ts', "export { submitReport } from './reports.service.js';\n");
    await write('src/modules/reports/reports.service.ts', 'export const submitReport = () => 1;\n');
    await write('src/modules/reports/reports.repository.ts', 'export const findReport = () => 1;\n');
    // Allowed: a module's own files, and another module's face.
    await write(
      'src/modules/walks/walks.service.ts',
      "import { submitReport } from '../reports/index.js';\nexport const w = submitReport;\n",
    );
    // Not allowed: past the face, also for types and re-exports.
    await write(
      'src/modules/walks/walks.repository.ts',
      "import { findReport } from '../reports/reports.repository.js';\nexport const r = findReport;\n",
    );
    await write(
      'src/modules/walks/walk.ts',
      "import type { submitReport } from '../reports/reports.service.js';\nexport type S = typeof submitReport;\n",
    );
    await write(
      'src/web/page.ts',
      "export { findReport } from '../modules/reports/reports.repository.js';\n",
    );
    // A module's factories for tests: for test code only.
    await write('src/modules/reports/reports.test-helpers.ts', 'export const aReport = () => 1;\n');
    await write(
      'src/modules/walks/walks.test.ts',
      "import { aReport } from '../reports/reports.test-helpers.js';\nexport const a = aReport;\n",
    );
    await write(
      'src/modules/walks/walks.pages.ts',
      "import { aReport } from '../reports/reports.test-helpers.js';\nexport const a = aReport;\n",
    );
    // A cycle of three, one of its arrows a type-only import.
    await write('src/db/a.ts', "import { b } from './b.js';\nexport const a = () => b;\n");
    await write('src/db/b.ts', "import { c } from './c.js';\nexport const b = () => c;\n");
    await write('src/db/c.ts', "import type { a } from './a.js';\nexport const c = (x?: typeof a) => x;\n");
  });

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('names every deep import, and only those', () => {
    const deep = findDeepImports(readImportGraph(root, ['src']))
      .map(describeEdge)
      .sort();
    expect(deep).toEqual([
      'src/modules/walks/walk.ts imports src/modules/reports/reports.service.ts (type only)',
      'src/modules/walks/walks.pages.ts imports src/modules/reports/reports.test-helpers.ts',
      'src/modules/walks/walks.repository.ts imports src/modules/reports/reports.repository.ts',
      'src/web/page.ts imports src/modules/reports/reports.repository.ts',
    ]);
  });

  it('names product code that uses test code', () => {
    expect(findTestCodeInProduct(readImportGraph(root, ['src'])).map(describeEdge)).toEqual([
      'src/modules/walks/walks.pages.ts imports src/modules/reports/reports.test-helpers.ts',
    ]);
  });

  it('names a cycle, type-only arrows included', () => {
    expect(findCycles(readImportGraph(root, ['src']))).toEqual([
      ['src/db/a.ts', 'src/db/b.ts', 'src/db/c.ts', 'src/db/a.ts'],
    ]);
  });
});
