import { User, UserManager, WebStorageStateStore } from 'oidc-client-ts';

/** Sign-in settings the platform publishes at /v1/console/config. */
interface SignInSettings {
  authority: string;
  clientId: string;
  scope: string;
}

export interface Session {
  user: User;
  name: string;
  roles: string[];
  isOperator: boolean;
  isTenantAdmin: boolean;
}

const RETURN_TO = 'warmstart.returnTo';

function claimsOf(accessToken: string): Record<string, unknown> {
  try {
    const payload = accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(payload))));
  } catch {
    return {};
  }
}

function sessionOf(user: User): Session {
  // The roles only decide which pages to offer; the API checks the token on every call.
  const claims = claimsOf(user.access_token);
  const realmAccess = claims.realm_access as { roles?: string[] } | undefined;
  const roles = realmAccess?.roles ?? [];
  const name = (user.profile.name as string) || (user.profile.preferred_username as string) || 'signed in';
  return { user, name, roles, isOperator: roles.includes('platform-operator'), isTenantAdmin: roles.includes('tenant-admin') };
}

export class Auth {
  private constructor(private readonly manager: UserManager) {}

  static async create(): Promise<Auth> {
    const response = await fetch('/v1/console/config');
    if (!response.ok) throw new Error(`The platform did not give its sign-in settings (HTTP ${response.status})`);
    const settings = (await response.json()) as SignInSettings;
    const redirect = `${window.location.origin}/console/`;
    const manager = new UserManager({
      authority: settings.authority,
      client_id: settings.clientId,
      redirect_uri: redirect,
      post_logout_redirect_uri: redirect,
      scope: settings.scope,
      response_type: 'code',
      // Refresh tokens renew the session in the background; nothing is kept across browser restarts.
      automaticSilentRenew: true,
      userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    });
    return new Auth(manager);
  }

  /** Completes a sign-in if the URL is Keycloak's answer; then the current session, if any. */
  async session(): Promise<Session | null> {
    const params = new URLSearchParams(window.location.search);
    if (params.has('code') && params.has('state')) {
      const user = await this.manager.signinRedirectCallback();
      const returnTo = sessionStorage.getItem(RETURN_TO) ?? '#/';
      sessionStorage.removeItem(RETURN_TO);
      window.history.replaceState(null, '', `/console/${returnTo}`);
      return sessionOf(user);
    }
    if (params.has('error')) {
      const description = params.get('error_description') ?? params.get('error') ?? 'unknown error';
      window.history.replaceState(null, '', '/console/');
      throw new Error(`Sign-in failed: ${description}`);
    }
    const user = await this.manager.getUser();
    if (!user || user.expired) return null;
    return sessionOf(user);
  }

  async signIn(): Promise<void> {
    sessionStorage.setItem(RETURN_TO, window.location.hash || '#/');
    await this.manager.signinRedirect();
  }

  async signOut(): Promise<void> {
    const user = await this.manager.getUser();
    await this.manager.removeUser();
    await this.manager.signoutRedirect({ id_token_hint: user?.id_token });
  }

  async accessToken(): Promise<string | null> {
    const user = await this.manager.getUser();
    if (user && user.expires_in !== undefined && user.expires_in < 30 && user.refresh_token) {
      try {
        return (await this.manager.signinSilent())?.access_token ?? null;
      } catch {
        return user.access_token;
      }
    }
    return user?.access_token ?? null;
  }
}
