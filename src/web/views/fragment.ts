import type { VNode } from 'preact';
import { jsxTemplate } from 'preact/jsx-runtime';
import { renderToString } from 'preact-render-to-string';
import type { PageContext } from '../page.js';

/**
 * What a part of a page that is the same for every reader in one language may use: the
 * language and the site's fixed settings. Never who asks (the signed-in menu), the CSRF token,
 * the CSP nonce or the page's own address (the language links): those stay in the page around it.
 */
export type PublicContext = Pick<PageContext, 'locale' | 't' | 'format' | 'asset' | 'map'>;

/**
 * Only the public part of a page's context, as a new object: a fragment rendered with it cannot
 * reach anything about the reader, even through a cast.
 */
export function publicContext(ctx: PublicContext): PublicContext {
  return { locale: ctx.locale, t: ctx.t, format: ctx.format, asset: ctx.asset, map: ctx.map };
}

/** Keeps a value made from cached values while they are current (`RevisionCache.derived`). */
export interface FragmentMemo {
  derived<T>(from: readonly [object, ...unknown[]], variant: string, make: () => T): T;
}

/**
 * A part of a page rendered to HTML once per language and kept with the cached values it shows
 * (`from`: what the revision cache returned), so it is rendered again exactly when one of them
 * is read again (a change anywhere shows as soon as it does in the data). `render` gets only
 * the public context; `variant` tells apart fragments of the same values (a place's code).
 */
export function cachedFragment(
  memo: FragmentMemo,
  from: readonly [object, ...unknown[]],
  ctx: PublicContext,
  render: (ctx: PublicContext) => VNode,
  variant = '',
): VNode {
  const html = memo.derived(from, `fragment:${variant}:${ctx.locale}`, () =>
    renderToString(render(publicContext(ctx))),
  );
  return trustedHtml(html);
}

/**
 * HTML already rendered by Preact (every value in it escaped), put into a page as it is, with
 * no element around it. Never for text from elsewhere.
 */
function trustedHtml(html: string): VNode {
  return jsxTemplate([html]);
}
