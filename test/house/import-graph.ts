import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The house rules of docs/ARCHITECTURE.md that imports can break, checked from the source
 * itself: a module is entered only through its `index.ts`, and no import cycle exists (type-only
 * imports count too: a cycle of types is still two files that cannot be understood apart).
 */

/** One import of one file: who imports what (both relative to the root, with `/`). */
export interface ImportEdge {
  from: string;
  to: string;
  /** `import type` / `export type`: no code runs, but the files still depend on each other. */
  typeOnly: boolean;
}

/** Every import between the TypeScript files below `dirs` (relative to `root`). */
export function readImportGraph(root: string, dirs: readonly string[]): ImportEdge[] {
  const files = dirs.flatMap((dir) => listSourceFiles(path.join(root, dir)));
  const known = new Set(files);
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
    for (const { specifier, typeOnly } of importsOf(source)) {
      if (!specifier.startsWith('.')) continue;
      const target = resolveSpecifier(file, specifier, known);
      if (target) edges.push({ from: relative(root, file), to: relative(root, target), typeOnly });
    }
  }
  return edges;
}

/**
 * Imports that enter another module past its face, from outside `src/modules/<m>/`: anything
 * but `src/modules/<m>/index.ts`, except that test code (tests, test helpers, `test/`,
 * `bench/`) may also use the module's factories for tests, `src/modules/<m>/<m>.test-helpers.ts`.
 */
export function findDeepImports(edges: readonly ImportEdge[]): ImportEdge[] {
  return edges.filter((edge) => {
    const target = /^src\/modules\/([^/]+)\/(.+)$/.exec(edge.to);
    if (!target) return false;
    const [, module, rest] = target;
    if (rest === 'index.ts') return false;
    if (edge.from.startsWith(`src/modules/${module}/`)) return false;
    return !(rest === `${module}.test-helpers.ts` && isTestCode(edge.from));
  });
}

/**
 * Imports of test code (a test helper, anything under `test/`) from product code, which the
 * build leaves out: the product would not even compile without its tests.
 */
export function findTestCodeInProduct(edges: readonly ImportEdge[]): ImportEdge[] {
  return edges.filter(
    (edge) => edge.from.startsWith('src/') && !isTestCode(edge.from) && isTestCode(edge.to),
  );
}

/** Tests, test helpers and benchmarks: code that never runs in the product. */
export function isTestCode(file: string): boolean {
  return (
    file.startsWith('test/') ||
    file.startsWith('bench/') ||
    /\.(test|e2e)\.tsx?$/.test(file) ||
    /\.test-helpers\.tsx?$/.test(file)
  );
}

/** Every cycle, each as the files in import order (the first file again at the end). */
export function findCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  // Tarjan's strongly connected components: every component of more than one file is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      for (;;) {
        const top = stack.pop();
        if (top === undefined) break;
        onStack.delete(top);
        component.push(top);
        if (top === node) break;
      }
      const selfImport = (next.get(node) ?? []).includes(node);
      if (component.length > 1 || selfImport) components.push(component);
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return components.map((component) => cycleThrough(component, next));
}

/** One concrete loop through a strongly connected component, for a readable message. */
function cycleThrough(component: readonly string[], next: ReadonlyMap<string, string[]>): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0] ?? '';
  const seen = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() ?? '';
    for (const to of next.get(node) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at = node; at !== start; at = seen.get(at) ?? start) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!seen.has(to)) {
        seen.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

function importsOf(source: ts.SourceFile): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const typeOnly =
        node.isTypeOnly ||
        (node.exportClause !== undefined &&
          ts.isNamedExports(node.exportClause) &&
          node.exportClause.elements.length > 0 &&
          node.exportClause.elements.every((e) => e.isTypeOnly));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) found.push({ specifier: literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolveSpecifier(from: string, specifier: string, known: ReadonlySet<string>): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  const stem = base.replace(/\.(js|jsx|ts|tsx|mjs)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, path.join(base, 'index.ts')]) {
    if (known.has(candidate)) return candidate;
  }
  return undefined;
}

function listSourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...listSourceFiles(full));
    } else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(full);
    }
  }
  return out;
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
