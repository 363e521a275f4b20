import { useEffect, useState } from 'react';
import { api } from './api';
import type { Auth, Session } from './auth';
import { ErrorBox, Loading, useLoad } from './components/ui';
import { ApiAccess } from './pages/ApiAccess';
import { Data } from './pages/Data';
import { Models } from './pages/Models';
import { OperatorMetaTraining } from './pages/OperatorMetaTraining';
import { OperatorTenants } from './pages/OperatorTenants';
import { Overview } from './pages/Overview';
import { Settings } from './pages/Settings';
import { TryIt } from './pages/TryIt';
import type { TenantProfile } from './types';

interface Route {
  path: string;
  label: string;
}

const TENANT_ROUTES: Route[] = [
  { path: 'overview', label: 'Overview' },
  { path: 'data', label: 'Data' },
  { path: 'models', label: 'Models' },
  { path: 'try', label: 'Try it' },
  { path: 'api', label: 'API access' },
  { path: 'settings', label: 'Settings' },
];

const OPERATOR_ROUTES: Route[] = [
  { path: 'tenants', label: 'Tenants' },
  { path: 'meta-training', label: 'Meta-training' },
];

/** Hash routes keep every page a static file: deep links work without server-side rewrites. */
function useHashPath(): string {
  const read = () => window.location.hash.replace(/^#\/?/, '');
  const [path, setPath] = useState(read);
  useEffect(() => {
    const changed = () => setPath(read());
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return path;
}

/** Fired when the API answers 401: the token expired and could not be renewed. */
export const SESSION_EXPIRED = 'warmstart:session-expired';

export function App({ auth, initialSession }: { auth: Auth; initialSession: Session | null }) {
  const [session, setSession] = useState(initialSession);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    const expire = () => setExpired(true);
    window.addEventListener(SESSION_EXPIRED, expire);
    return () => window.removeEventListener(SESSION_EXPIRED, expire);
  }, []);

  if (!session) {
    return (
      <main className="signin">
        <h1>Warmstart</h1>
        <p>Personalised recommendations from your first few hundred events.</p>
        <button className="primary" onClick={() => auth.signIn()}>
          Sign in
        </button>
      </main>
    );
  }

  return (
    <SignedIn
      session={session}
      expired={expired}
      onSignIn={() => auth.signIn()}
      onSignOut={async () => {
        setSession(null);
        await auth.signOut();
      }}
    />
  );
}

function SignedIn({ session, expired, onSignIn, onSignOut }: { session: Session; expired: boolean; onSignIn: () => void; onSignOut: () => void }) {
  const path = useHashPath();
  const [menuOpen, setMenuOpen] = useState(false);
  const profile = useLoad(async () => (session.isTenantAdmin ? api<TenantProfile>('/v1/tenant') : null), [session]);
  const routes = [...(session.isTenantAdmin ? TENANT_ROUTES : []), ...(session.isOperator ? OPERATOR_ROUTES : [])];
  const current = routes.find((r) => r.path === path) ?? routes[0];

  useEffect(() => setMenuOpen(false), [path]);
  useEffect(() => {
    document.title = current ? `${current.label} · Warmstart` : 'Warmstart';
  }, [current]);

  return (
    <div className="layout">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Warmstart</span>
        <span className="who">
          {profile.data ? <strong data-testid="tenant-name">{profile.data.displayName}</strong> : session.isOperator ? <strong>Platform operator</strong> : null}
          <span className="muted"> · {session.name}</span>
        </span>
        <button className="menu" aria-expanded={menuOpen} aria-controls="nav" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <button onClick={onSignOut}>Sign out</button>
      </header>
      <nav id="nav" className={menuOpen ? 'open' : ''} aria-label="Pages">
        {session.isTenantAdmin && <span className="section">Your tenant</span>}
        {session.isTenantAdmin &&
          TENANT_ROUTES.map((r) => (
            <a key={r.path} href={`#/${r.path}`} aria-current={current?.path === r.path ? 'page' : undefined}>
              {r.label}
            </a>
          ))}
        {session.isOperator && <span className="section">Platform</span>}
        {session.isOperator &&
          OPERATOR_ROUTES.map((r) => (
            <a key={r.path} href={`#/${r.path}`} aria-current={current?.path === r.path ? 'page' : undefined}>
              {r.label}
            </a>
          ))}
      </nav>
      <main id="main" tabIndex={-1}>
        {expired && (
          <div className="error" role="alert">
            Your session has expired. <button onClick={onSignIn}>Sign in again</button>
          </div>
        )}
        {routes.length === 0 ? (
          <div className="error" role="alert">
            Your account has no console role: ask your platform operator to invite you as a tenant admin.
          </div>
        ) : (
          <>
            <h1>{current.label}</h1>
            <Page path={current.path} profile={profile.data} profileError={profile.error} onProfile={profile.setData} />
          </>
        )}
      </main>
    </div>
  );
}

function Page({
  path,
  profile,
  profileError,
  onProfile,
}: {
  path: string;
  profile: TenantProfile | null;
  profileError: unknown;
  onProfile: (p: TenantProfile) => void;
}) {
  if (path === 'tenants') return <OperatorTenants />;
  if (path === 'meta-training') return <OperatorMetaTraining />;
  if (profileError) return <ErrorBox error={profileError} />;
  if (!profile) return <Loading />;
  switch (path) {
    case 'data':
      return <Data />;
    case 'models':
      return <Models profile={profile} />;
    case 'try':
      return <TryIt />;
    case 'api':
      return <ApiAccess />;
    case 'settings':
      return <Settings profile={profile} onSaved={onProfile} />;
    default:
      return <Overview profile={profile} />;
  }
}
