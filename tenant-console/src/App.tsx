import { useEffect, useState } from 'react';
import { api } from './api';
import type { Auth, Session } from './auth';
import { ErrorBox, Loading, useLoad } from './components/ui';
import { ApiAccess } from './pages/ApiAccess';
import { Data } from './pages/Data';
import { Experiments } from './pages/Experiments';
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
  { path: 'experiments', label: 'Experiments' },
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
  // A page and what it shows within: "experiments/12" is experiment 12 on the Experiments page.
  const [path, ...within] = useHashPath().split('/');
  const detail = within.join('/');
  const [menuOpen, setMenuOpen] = useState(false);
  const profile = useLoad(async () => (session.isTenantAdmin ? api<TenantProfile>('/v1/tenant') : null), [session]);
  const routes = [...(session.isTenantAdmin ? TENANT_ROUTES : []), ...(session.isOperator ? OPERATOR_ROUTES : [])];
  // A page of the other role (a typed or shared link) is refused in words, as the API refuses its
  // calls (403); only unknown paths fall back to the first page.
  const forbidden = routes.some((r) => r.path === path) ? undefined : [...TENANT_ROUTES, ...OPERATOR_ROUTES].find((r) => r.path === path);
  const current = forbidden ? undefined : (routes.find((r) => r.path === path) ?? routes[0]);
  // The role's name and the person's name, each once ("Platform operator", not "Platform operator · Platform Operator").
  const heading = profile.data?.displayName ?? (session.isOperator ? 'Platform operator' : null);
  const showName = !heading || session.name.trim().toLowerCase() !== heading.toLowerCase();

  useEffect(() => setMenuOpen(false), [path]);
  useEffect(() => {
    document.title = forbidden ? 'Not allowed · Warmstart' : current ? `${current.label} · Warmstart` : 'Warmstart';
  }, [current, forbidden]);

  return (
    <div className="layout">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Warmstart</span>
        <span className="who" data-testid="who">
          {profile.data ? <strong data-testid="tenant-name">{profile.data.displayName}</strong> : heading ? <strong>{heading}</strong> : null}
          {showName && <span className="muted">{heading ? ' · ' : ''}{session.name}</span>}
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
        ) : forbidden ? (
          <>
            <h1>Not allowed</h1>
            <NotAllowed page={forbidden} session={session} home={routes[0]} />
          </>
        ) : (
          current && (
            <>
              <h1>{current.label}</h1>
              <Page path={current.path} detail={detail} profile={profile.data} profileError={profile.error} onProfile={profile.setData} />
            </>
          )
        )}
      </main>
    </div>
  );
}

/** What docs/console.md promises a person who opens the other role's page: the 403, in words. */
function NotAllowed({ page, session, home }: { page: Route; session: Session; home: Route }) {
  const operatorPage = OPERATOR_ROUTES.includes(page);
  return (
    <div className="error" role="alert" data-testid="not-allowed">
      <p>
        <strong>{page.label}</strong> is a page for {operatorPage ? 'platform operators' : 'a tenant’s admins'}, and you are signed in as{' '}
        {session.isOperator ? 'a platform operator' : 'a tenant admin'}: the platform refuses it to your account (HTTP 403 Forbidden), here
        and in its API.
      </p>
      <p>
        {operatorPage
          ? 'Tenants and meta-training are managed by the people who run this platform; ask them if something there needs changing.'
          : 'A tenant’s data is seen only by its own admins; operators see each tenant’s health on the Tenants page.'}{' '}
        <a href={`#/${home.path}`}>Go to {home.label}</a>
      </p>
    </div>
  );
}

function Page({
  path,
  detail,
  profile,
  profileError,
  onProfile,
}: {
  path: string;
  detail: string;
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
    case 'experiments':
      return <Experiments detail={detail} />;
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
