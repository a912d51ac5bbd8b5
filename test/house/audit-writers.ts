import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The house rule that audit entries are written only by the shared command step
 * (`src/access/command.ts`): `src/modules/index.ts` hands the audit module's `recordAudit` to the
 * `CommandRunner`, and no other module names it, so every change records its entry through
 * `step.record(...)`, in the command's transaction, after its permission check.
 */

/** Where the audit writer may be named: the audit module itself, and the one place that wires it. */
const ALLOWED = [/^src\/modules\/audit\//, /^src\/modules\/index\.ts$/];

/** The audit module's writer. */
const WRITER = 'recordAudit';

/** One place a module names the audit writer: the file and the line (1-based). */
export interface AuditWriterUse {
  file: string;
  line: number;
}

/**
 * Every file below `src/modules/` (relative to `root`) that imports, re-exports or calls the
 * audit writer, outside the audit module and `src/modules/index.ts`. A call through a port
 * (`ctx.recordAudit(…)`) counts as well: it is the same writer handed round the command step.
 */
export function findAuditWriters(root: string): AuditWriterUse[] {
  const uses: AuditWriterUse[] = [];
  for (const file of listSourceFiles(path.join(root, 'src', 'modules'))) {
    const name = path.relative(root, file).split(path.sep).join('/');
    if (ALLOWED.some((allowed) => allowed.test(name))) continue;
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const visit = (node: ts.Node): void => {
      if (namesWriter(node)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        uses.push({ file: name, line: line + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return uses;
}

function namesWriter(node: ts.Node): boolean {
  // import { recordAudit } / import { recordAudit as write } / export { recordAudit }
  if (ts.isImportSpecifier(node) || ts.isExportSpecifier(node))
    return (node.propertyName ?? node.name).text === WRITER;
  // audit.recordAudit(…) through a namespace import, or ctx.recordAudit(…) through a port.
  if (ts.isPropertyAccessExpression(node)) return node.name.text === WRITER;
  // A port declared to carry it: { recordAudit(trx, entry): … } or { recordAudit: … }.
  if (ts.isMethodSignature(node) || ts.isPropertySignature(node) || ts.isPropertyAssignment(node))
    return ts.isIdentifier(node.name) && node.name.text === WRITER;
  if (ts.isShorthandPropertyAssignment(node)) return node.name.text === WRITER;
  return false;
}

function listSourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSourceFiles(full));
    else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}
