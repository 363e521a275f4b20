import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configureApi } from './api';
import { App, SESSION_EXPIRED } from './App';
import { Auth } from './auth';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

async function start() {
  try {
    const auth = await Auth.create();
    // Before the first render: pages load data as soon as they mount.
    configureApi(
      () => auth.accessToken(),
      () => window.dispatchEvent(new Event(SESSION_EXPIRED)),
    );
    const session = await auth.session();
    root.render(
      <StrictMode>
        <App auth={auth} initialSession={session} />
      </StrictMode>,
    );
  } catch (error) {
    root.render(
      <main className="signin">
        <h1>Warmstart</h1>
        <div className="error" role="alert">
          {error instanceof Error ? error.message : String(error)}
        </div>
        <p>
          <a href="/console/">Try again</a>
        </p>
      </main>,
    );
  }
}

start();
