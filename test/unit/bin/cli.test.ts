import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const run = (script: string, ...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, LOCAL_DATA_DIR: '/nonexistent-incident-cli-test' } });

describe.each(['bin/token.ts', 'bin/alarm.ts', 'bin/backfill-analytics.ts'])('%s', (script) => {
  it('--help prints the usage and exits 0', () => {
    const res = run(script, '--help');
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^Usage: npm run -s (token|alarm|backfill-analytics) --/);
    expect(res.stderr).toBe('');
  });

  it.each([['--no-such-flag'], ['--role', 'wizard'], ['--state']])('a bad argument (%s) is one line on stderr and exit 2, no stack trace', (...args) => {
    const res = run(script, ...args);
    expect(res.status).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
