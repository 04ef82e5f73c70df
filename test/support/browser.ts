/**
 * Browser tests: Debian's Chromium driven by playwright-core (never a browser download). One
 * browser per test file (`launchBrowser()` in `beforeAll`), a fresh context per test. Locate
 * elements by role and label, as a person would.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (.ci/run does this)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium keeps trying hosts this closed network refuses.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh context: no cookies or storage shared between tests. Desktop size unless given. */
export function newContext(browser: Browser, viewport: { width: number; height: number } = { width: 1280, height: 900 }): Promise<BrowserContext> {
  return browser.newContext({ viewport });
}

export const PHONE = { width: 390, height: 844 } as const;
