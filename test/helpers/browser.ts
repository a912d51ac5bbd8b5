import type { LightMyRequestResponse } from 'fastify';
import type { RoleGrant } from '../../src/access/index.js';
import type { TestApp } from './app.js';

/** The hidden CSRF field of a page, if it has a form. */
export function csrfTokenIn(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
}

/**
 * A small browser for `app.inject()`: keeps cookies like a browser does, and posts forms with
 * the CSRF token of the last page it loaded (as a real form would carry it).
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  lastToken: string | undefined;

  constructor(
    private readonly t: TestApp,
    private readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader(): Record<string, string> {
    const cookie = [...this.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
    return cookie ? { cookie } : {};
  }

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies) {
      const expires = c.expires instanceof Date ? c.expires.getTime() : undefined;
      if (c.value === '' || c.maxAge === 0 || (expires !== undefined && expires < Date.now()))
        this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = csrfTokenIn(res.body);
    if (token) this.lastToken = token;
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.t.app.inject({
        method: 'GET',
        url,
        headers: { ...this.headers, ...this.cookieHeader(), ...headers },
      }),
    );
  }

  /** Posts a form; `_csrf` is the last page's token unless the fields give one. */
  async post(url: string, fields: Record<string, string | string[]> = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    if (this.lastToken && !('_csrf' in fields)) body.append('_csrf', this.lastToken);
    for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) body.append(k, value);
    return this.remember(
      await this.t.app.inject({
        method: 'POST',
        url,
        headers: {
          ...this.headers,
          ...this.cookieHeader(),
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: body.toString(),
      }),
    );
  }

  /** Any request with the browser's cookies (JSON API calls). */
  async request(options: {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    url: string;
    headers?: Record<string, string>;
    payload?: string;
  }): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.t.app.inject({
        ...options,
        headers: { ...this.headers, ...this.cookieHeader(), ...options.headers },
      }),
    );
  }

  /** Signs in through the pages; returns the POST's response (303 on success). */
  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/inloggen');
    return this.post('/inloggen', { email, password });
  }
}

export const TEST_PASSWORD = 'lange-zin-over-de-wijkschouw';

/** Creates an active staff account with a password (through the service, as the demo does). */
export async function createStaff(
  t: TestApp,
  input: { email: string; grants: RoleGrant[]; displayName?: string; password?: string },
): Promise<string> {
  const account = await t.modules.identity.service.createDemoAccount({
    email: input.email,
    displayName: input.displayName ?? input.email.split('@')[0] ?? 'Test',
    grants: input.grants,
    password: input.password ?? TEST_PASSWORD,
  });
  return account.id;
}

/** Grants, briefly: `grant('coach', 'WK063705')`. */
export function grant(
  role: RoleGrant['role'],
  placeCode: string,
  organisation: string | null = null,
): RoleGrant {
  return {
    role,
    placeCode,
    organisation: role === 'partner' ? (organisation ?? 'Woonstichting') : organisation,
  };
}
