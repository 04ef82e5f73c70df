/** Start-up: read config.json, finish a sign-in redirect if this is one, render the app. */
import { render } from 'preact';
import { configureApi } from './api.ts';
import { completeSignIn, configureAuth } from './auth.ts';
import { App } from './app.tsx';
import type { AppConfig } from './types.ts';
import './styles.css';

async function start(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) return;
  let config: AppConfig;
  try {
    const res = await fetch(new URL('config.json', location.href), { cache: 'no-store' });
    if (!res.ok) throw new Error(`config.json answered ${res.status}`);
    config = (await res.json()) as AppConfig;
  } catch (error) {
    root.textContent = `The app cannot start: ${(error as Error).message}.`;
    return;
  }
  configureApi(config.apiUrl);
  configureAuth(config);
  let signInError: string | null = null;
  try {
    const returnTo = await completeSignIn();
    if (returnTo !== null && location.hash !== returnTo) location.hash = returnTo;
  } catch (error) {
    signInError = (error as Error).message;
  }
  root.textContent = '';
  render(<App signInError={signInError} />, root);
}

void start();
