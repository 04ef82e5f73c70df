/** The shell: sign-in state, navigation, the live region, and the view of the current route. */
import { useEffect, useState } from 'preact/hooks';
import { get } from './api.ts';
import { useAnnouncement } from './announce.ts';
import { isSignedIn, onSessionChange, sessionEndedReason, signIn, signOut } from './auth.ts';
import { href, useRoute } from './router.ts';
import type { Me } from './types.ts';
import { ErrorNotice, Loading } from './ui.tsx';
import { ComponentGrid, Maintenances } from './views/components.tsx';
import { IncidentDetail } from './views/incident-detail.tsx';
import { IncidentList } from './views/incident-list.tsx';
import { NewIncident } from './views/new-incident.tsx';

const ROLE_LEVEL: Record<string, number> = { viewer: 1, responder: 2, admin: 3 };

/** Whether the person may write. The API stays the authority: a refused write is shown as a 403. */
export const canWriteAs = (me: Me | null): boolean =>
  !!me && (me.roles.some((r) => (ROLE_LEVEL[r] ?? 0) >= ROLE_LEVEL.responder!) || me.scopes.some((s) => /incidents:(write|admin)$/.test(s)));

function SignIn({ problem }: { problem: string | null }) {
  const reason = sessionEndedReason();
  return (
    <main id="main" class="sign-in" tabIndex={-1}>
      <h1>Incidents</h1>
      {reason && (
        <p class="notice" role="status">
          {reason}
        </p>
      )}
      <ErrorNotice error={problem} />
      <p>Sign in to see and work on incidents.</p>
      <button type="button" onClick={() => void signIn()}>
        Sign in
      </button>
    </main>
  );
}

function Nav({ me, current }: { me: Me; current: string }) {
  const canWrite = canWriteAs(me);
  const link = (to: string, label: string, view: string) => (
    <li>
      <a href={href(to)} aria-current={current === view ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <header class="top">
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <nav aria-label="Main">
        <ul>
          {link('/', 'Incidents', 'list')}
          {canWrite && link('/new', 'Report', 'new')}
          {link('/components', 'Components', 'components')}
          {link('/maintenances', 'Maintenance', 'maintenances')}
        </ul>
      </nav>
      <div class="who">
        <span>
          {me.name} <span class="muted">({me.roles.join(', ') || me.scopes.join(', ') || 'no role'})</span>
        </span>
        <button type="button" class="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}

export function App({ signInError }: { signInError: string | null }) {
  const [signedIn, setSignedIn] = useState(isSignedIn());
  const [me, setMe] = useState<Me | null>(null);
  const [meError, setMeError] = useState<unknown>(null);
  const route = useRoute();
  const announcement = useAnnouncement();

  useEffect(() => onSessionChange(() => setSignedIn(isSignedIn())), []);
  useEffect(() => {
    if (!signedIn) return;
    get<Me>('/v1/me').then(
      (r) => setMe(r.data),
      (e: unknown) => setMeError(e),
    );
  }, [signedIn]);
  // A new view: focus its main region, so keyboard and screen-reader users start at the content.
  useEffect(() => {
    document.getElementById('main')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [route.view, route.id]);

  const live = (
    <div class="live" role="status" aria-live="polite" aria-atomic="true">
      {announcement}
    </div>
  );
  if (!signedIn) return (<>{live}<SignIn problem={signInError} /></>);
  if (!me) return <main id="main">{meError ? <ErrorNotice error={meError} focus /> : <Loading what="your profile" />}</main>;
  const canWrite = canWriteAs(me);

  let view;
  switch (route.view) {
    case 'list':
      view = <IncidentList query={route.query} canWrite={canWrite} />;
      break;
    case 'new':
      view = canWrite ? <NewIncident /> : <ErrorNotice error="Not allowed: your role (viewer) can read incidents but not report them." focus />;
      break;
    case 'incident':
      view = <IncidentDetail key={route.id} id={route.id ?? ''} canWrite={canWrite} />;
      break;
    case 'components':
      view = <ComponentGrid />;
      break;
    case 'maintenances':
      view = <Maintenances canWrite={canWrite} />;
      break;
    default:
      view = (
        <p>
          This page does not exist. <a href={href('/')}>Go to the incidents</a>.
        </p>
      );
  }
  return (
    <>
      <Nav me={me} current={route.view} />
      {live}
      <main id="main" tabIndex={-1}>
        {view}
      </main>
    </>
  );
}
