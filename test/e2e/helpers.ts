import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.js';

const require = createRequire(import.meta.url);

/** Debian's Chromium; `.ci/run` installs it when it is missing. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a quiet, offline, headless Chromium inside a container (root, no GPU). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** WCAG 2.0 and 2.1, levels A and AA: the level Dutch public bodies must meet. */
const AXE_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  resultTypes: ['violations'],
};

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** One running app and one browser, shared by the tests of a file. */
export interface E2eRun {
  /** `http://127.0.0.1:<port>`: the app listening on a free port. */
  baseUrl: string;
  app: TestApp;
  browser: Browser;
  /** JavaScript on: the enhanced pages most residents get. */
  withJs: BrowserContext;
  /** JavaScript off: every resident task must still be possible here. */
  withoutJs: BrowserContext;
  /**
   * For the axe pass of the JavaScript-off pages. axe itself is JavaScript and cannot run in a
   * page with JavaScript disabled (Chromium then stops its timers and promises, so `axe.run`
   * never settles). Here the browser runs JavaScript, but every document response carries one
   * more Content-Security-Policy, `script-src 'none'`: the browser then refuses every script of
   * the page (files, inline and event handlers), so the DOM stays exactly the HTML the server
   * sent, on the same URL with the same style sheets. axe is evaluated through the DevTools
   * protocol, which a page's CSP does not govern.
   */
  audit: BrowserContext;
  /** One more context (a phone, a second person), closed with the run. */
  newContext(options?: Parameters<typeof newBrowserContext>[1]): Promise<BrowserContext>;
  /** Closes the run's contexts (the browser serves the next file), the app and its database. */
  close(): Promise<void>;
}

/**
 * Only the app itself may be reached: map tiles and anything else on the internet are refused
 * at once, so tests never wait for a network the test machine may not have.
 */
async function allowOnlyLocalhost(context: BrowserContext, options: { forbidPageScripts: boolean }) {
  await context.route('**/*', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.hostname !== '127.0.0.1') return route.abort('blockedbyclient');
    if (!options.forbidPageScripts || request.resourceType() !== 'document') return route.continue();
    // Redirects go back to the browser, so every page is audited on its own URL.
    const response = await route.fetch({ maxRedirects: 0 });
    const headers = response.headers();
    const policy = headers['content-security-policy'];
    // Two policies, comma-separated: the browser enforces both, so the app's own stays in force.
    headers['content-security-policy'] = policy ? `${policy}, script-src 'none'` : "script-src 'none'";
    return route.fulfill({ response, headers });
  });
}

/**
 * A browser context as the tests use them: a Dutch desktop browser that reaches only the app.
 * `forbidPageScripts` makes it the audit context described at `E2eRun.audit`; `viewport` makes
 * it a phone (`{ width: 390, height: 844 }`).
 */
export async function newBrowserContext(
  browser: Browser,
  options: {
    javaScriptEnabled?: boolean;
    forbidPageScripts?: boolean;
    viewport?: { width: number; height: number };
  } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: 'nl-NL',
    viewport: options.viewport ?? { width: 1280, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  await allowOnlyLocalhost(context, { forbidPageScripts: options.forbidPageScripts ?? false });
  return context;
}

/**
 * Starts the app on a fresh test database on a free port, and Chromium with three contexts.
 * `env` adds settings (an OpenID Connect provider, for instance).
 */
export async function startE2eRun(env: Record<string, string> = {}): Promise<E2eRun> {
  const app = await createTestApp(env);
  const contexts: BrowserContext[] = [];
  try {
    const baseUrl = await app.app.listen({ port: 0, host: '127.0.0.1' });
    const browser = await sharedBrowser();
    const context = async (options?: Parameters<typeof newBrowserContext>[1]) => {
      const made = await newBrowserContext(browser, options);
      contexts.push(made);
      return made;
    };
    return {
      baseUrl,
      app,
      browser,
      withJs: await context(),
      withoutJs: await context({ javaScriptEnabled: false }),
      audit: await context({ forbidPageScripts: true }),
      newContext: context,
      async close() {
        await Promise.all(contexts.map((c) => c.close()));
        await app.close();
      },
    };
  } catch (error) {
    await Promise.all(contexts.map((c) => c.close()));
    await app.close();
    throw error;
  }
}

/**
 * One Chromium for the test process: the end-to-end files run one after another in one
 * process, and each gets fresh contexts (no cookies, storage or cache of another file), so
 * starting the browser again per file would only cost its start-up. Playwright stops it when
 * the process ends; a browser that crashed or was closed is started again.
 */
let browserStarted: Promise<Browser> | undefined;
async function sharedBrowser(): Promise<Browser> {
  const current = await browserStarted?.catch(() => undefined);
  if (current?.isConnected()) return current;
  browserStarted = chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return browserStarted;
}

/** An open page with the errors its scripts raised. */
export interface OpenedPage {
  page: Page;
  response: Response;
  /** Uncaught exceptions and Content-Security-Policy refusals: both mean a broken enhancement. */
  scriptErrors: string[];
}

/** Opens `path` in a new page of `context` and waits until it has loaded. */
export async function openPage(run: E2eRun, context: BrowserContext, path: string): Promise<OpenedPage> {
  const page = await context.newPage();
  const scriptErrors: string[] = [];
  page.on('pageerror', (error) => scriptErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      scriptErrors.push(message.text());
    }
  });
  const response = await page.goto(run.baseUrl + path, { waitUntil: 'load' });
  if (!response) throw new Error(`No response for ${path}`);
  return { page, response, scriptErrors };
}

function describeViolation(v: Result): string {
  const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary ?? ''}`);
  return `- ${v.id} (${v.impact ?? 'no impact'}): ${v.help}\n  ${v.helpUrl}\n${nodes.join('\n')}`;
}

/**
 * What axe found per document, within this test process: the same DOM at the same viewport width,
 * with the same style sheets, gives the same result, so a page audited once (say with JavaScript
 * on, where its scripts changed nothing) is not audited again (with JavaScript off, or by a later
 * test). The key is the document as it stands (`outerHTML`), without what differs per request
 * and that axe never reads: the CSRF token's value and script nonces.
 */
const audited = new Map<string, Result[]>();

async function documentKey(page: Page): Promise<string> {
  const { html, width } = await page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { documentElement: { outerHTML: string } } }).document;
    const view = globalThis as unknown as { innerWidth: number };
    return { html: doc.documentElement.outerHTML, width: view.innerWidth };
  });
  const normalised = html
    .replace(/(name="_csrf"[^>]*value=")[^"]*"/g, '$1"')
    .replace(/(value=")[^"]*("[^>]*name="_csrf")/g, '$1$2')
    .replace(/ nonce="[^"]*"/g, '');
  return `${new URL(page.url()).pathname}${new URL(page.url()).search}\n${width}\n${crypto.createHash('sha256').update(normalised).digest('hex')}`;
}

/** Runs axe (WCAG 2.0/2.1 A and AA) on the page and fails listing every violation. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const key = await documentKey(page);
  const known = audited.get(key);
  const results = known ?? (await runAxe(page));
  if (!known) audited.set(key, results);
  if (results.length > 0) {
    throw new Error(
      `axe found ${results.length} accessibility violation(s) on ${page.url()}:\n${results.map(describeViolation).join('\n')}`,
    );
  }
}

async function runAxe(page: Page): Promise<Result[]> {
  await page.evaluate(axeSource);
  return page.evaluate(
    (options) =>
      (
        globalThis as unknown as {
          axe: { run(context: unknown, options: unknown): Promise<AxeResults> };
          document: unknown;
        }
      ).axe
        .run((globalThis as unknown as { document: unknown }).document, options)
        // Only what can cross back to Node: no DOM elements.
        .then((r) => JSON.parse(JSON.stringify(r.violations)) as Result[]),
    AXE_OPTIONS,
  );
}

/**
 * The axe pass with JavaScript on: the page after its scripts enhanced it (`ready` waits for
 * that). Returns the errors the page's scripts raised, for the test to check.
 */
export async function auditWithJs(
  run: E2eRun,
  path: string,
  ready?: (page: Page) => Promise<void>,
): Promise<string[]> {
  const { page, scriptErrors } = await openPage(run, run.withJs, path);
  try {
    await ready?.(page);
    await expectNoAxeViolations(page);
    return scriptErrors;
  } finally {
    await page.close();
  }
}

/** The axe pass with JavaScript off: the HTML as the server sent it (see `E2eRun.audit`). */
export async function auditWithoutJs(run: E2eRun, path: string): Promise<void> {
  const { page } = await openPage(run, run.audit, path);
  try {
    await expectNoAxeViolations(page);
  } finally {
    await page.close();
  }
}
