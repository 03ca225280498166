/**
 * The engine's SSO (ovirt-api.md §1): the OAuth password grant at /ovirt-engine/sso/oauth/token, logout at
 * /ovirt-engine/services/sso-logout, and the credential check for API requests (Bearer token, Basic, or the
 * JSESSIONID cookie of `Prefer: persistent-auth`).
 */
import { randomBytes } from 'node:crypto';

export const SSO_TOKEN_PATH = '/ovirt-engine/sso/oauth/token';
export const SSO_LOGOUT_PATH = '/ovirt-engine/services/sso-logout';
export const SSO_SCOPE =
  'ovirt-app-api ovirt-ext=token-info:authz-search ovirt-ext=token-info:public-authz-search ovirt-ext=token-info:validate';
const TOKEN_LIFETIME_MS = 10 * 60 * 60 * 1000;

export interface SsoAnswer {
  status: number;
  body: Record<string, string>;
}

/** The authenticated user, or (for refused Basic credentials) the SSO's reason. */
export interface Authentication {
  user?: string;
  error?: string;
}

interface Session {
  user: string;
  isExpired: boolean;
}

export class SsoService {
  private readonly tokens = new Map<string, Session>();
  private readonly cookies = new Map<string, Session>();

  constructor(
    private readonly username: string,
    private readonly password: string
  ) {}

  /** Handle the token endpoint (form fields already decoded). */
  issueToken(form: URLSearchParams, accept: string | undefined): SsoAnswer {
    if ((accept ?? '').trim() !== 'application/json') {
      return fail('invalid_request', "Missing parameter: 'Accept Header'");
    }
    if (form.get('grant_type') !== 'password') {
      return fail('unsupported_grant_type', `The grant type '${form.get('grant_type') ?? ''}' is not supported.`);
    }
    if (!(form.get('scope') ?? '').split(/\s+/).includes('ovirt-app-api')) {
      return fail('invalid_scope', "The requested scope does not include 'ovirt-app-api'.");
    }
    const user = form.get('username') ?? '';
    const refusal = this.checkLogin(user, form.get('password') ?? '');
    if (refusal !== undefined) return fail('access_denied', refusal);
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { user, isExpired: false });
    const exp = String(Date.now() + TOKEN_LIFETIME_MS);
    return { status: 200, body: { access_token: token, token_type: 'bearer', scope: SSO_SCOPE, exp } };
  }

  revoke(form: URLSearchParams): SsoAnswer {
    const token = form.get('token');
    if (token !== null) this.tokens.delete(token);
    return { status: 200, body: {} };
  }

  /**
   * Why the SSO refuses `user@profile` with this password (its AppMessages texts), or undefined when it accepts
   * it (ENGINE SSO/servlets/OAuthTokenServlet.java issueTokenForPasswd, SSO/service/SsoService.java
   * translateUser and areCredentialsValid, SSO/service/AuthnMessageMapper.java).
   */
  checkLogin(login: string, password: string): string | undefined {
    const separator = login.lastIndexOf('@');
    const name = separator >= 0 ? login.slice(0, separator) : login;
    const profile = separator >= 0 ? login.slice(separator + 1) : '';
    const known = this.username.slice(this.username.lastIndexOf('@') + 1);
    const who = `Cannot authenticate user '${name}@${profile === '' ? 'N/A' : profile}'`;
    if (name === '') return `${who}: No user name found in credentials..`;
    if (profile !== known) return `${who}: No valid profile found in credentials..`;
    if (login !== this.username || password !== this.password) {
      return `${who}: Unable to log in. Verify your login information or contact the system administrator..`;
    }
    return undefined;
  }

  /**
   * Who the request authenticates as, or why not (401). Basic credentials go through the SSO's password grant
   * and a refusal is reported as `<error_code>: <error>` (ENGINE AAA/SsoRestApiAuthFilter.java,
   * AAA/filters/FiltersHelper.java isStatusOk, AAA/EnforceAuthFilter.java).
   */
  authenticate(authorization: string | undefined, cookie: string | undefined): Authentication {
    if (authorization?.startsWith('Bearer ')) {
      const session = this.tokens.get(authorization.slice('Bearer '.length).trim());
      return session && !session.isExpired ? { user: session.user } : {};
    }
    if (authorization?.startsWith('Basic ')) {
      const decoded = Buffer.from(authorization.slice('Basic '.length).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = colon >= 0 ? decoded.slice(0, colon) : decoded;
      const refusal = this.checkLogin(user, colon >= 0 ? decoded.slice(colon + 1) : '');
      return refusal === undefined ? { user } : { error: `access_denied: ${refusal}` };
    }
    const sessionId = /(?:^|;\s*)JSESSIONID=([^;]+)/.exec(cookie ?? '')?.[1];
    const session = sessionId !== undefined ? this.cookies.get(sessionId) : undefined;
    return session && !session.isExpired ? { user: session.user } : {};
  }

  /** `Prefer: persistent-auth`: open a cookie session for the user. */
  openCookieSession(user: string): string {
    const id = randomBytes(18).toString('hex');
    this.cookies.set(id, { user, isExpired: false });
    return id;
  }

  /** Fault injection: every token and session issued so far stops working (401), as after an expiry. */
  expireAll(): void {
    for (const session of [...this.tokens.values(), ...this.cookies.values()]) session.isExpired = true;
  }
}

function fail(code: string, message: string): SsoAnswer {
  return { status: 400, body: { error_code: code, error: message } };
}
