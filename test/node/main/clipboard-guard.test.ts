/** #13 medium 3: the copied sign-in URL is cleared after its 15 minutes, unless the user copied something else. */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/sessions/clock';
import { CLEAR_AFTER_MS, SecretClipboard } from '../../../electron/main/clipboard-guard';
import { openSignInUrl } from '../../../electron/main/web-security';

function fakeClipboard() {
  const board = { text: '', clears: 0 };
  return { board, facade: { writeText: (t: string) => void (board.text = t), readText: () => board.text, clear: () => void ((board.text = ''), board.clears++) } };
}

describe('SecretClipboard', () => {
  it('clears the copy once its 15 minutes are up, not a minute earlier', async () => {
    const clock = new ManualClock(new Date('2026-03-01T12:00:00Z'));
    const { board, facade } = fakeClipboard();
    new SecretClipboard(facade, clock).copy('https://signin.aws.amazon.com/federation?SigninToken=t1');
    await clock.advance(CLEAR_AFTER_MS - 60_000);
    expect(board.text).toContain('SigninToken=t1');
    await clock.advance(60_000);
    expect(board.text).toBe('');
  });

  it('leaves whatever the user copied since, and a newer copy restarts the 15 minutes', async () => {
    const clock = new ManualClock(new Date('2026-03-01T12:00:00Z'));
    const { board, facade } = fakeClipboard();
    const clip = new SecretClipboard(facade, clock);
    clip.copy('secret-1');
    board.text = 'my own note';
    await clock.advance(CLEAR_AFTER_MS);
    expect(board.text).toBe('my own note');
    clip.copy('secret-2');
    await clock.advance(CLEAR_AFTER_MS / 2);
    clip.copy('secret-3');
    await clock.advance(CLEAR_AFTER_MS / 2);
    expect(board.text).toBe('secret-3');
    await clock.advance(CLEAR_AFTER_MS / 2);
    expect(board.text).toBe('');
    expect(board.clears).toBe(1);
  });
});

describe('openSignInUrl', () => {
  it('hands the browser a one-time loopback URL that redirects to the sign-in URL; refuses other hosts', async () => {
    const target = 'https://signin.aws.amazon.com/federation?Action=login&SigninToken=secret-token';
    const opened: string[] = [];
    const shell = { openExternal: async (u: string) => void opened.push(u) };
    expect(await openSignInUrl(shell, target)).toBe(true);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}$/);
    expect(opened[0]).not.toContain('secret-token');
    const location = await new Promise<string | undefined>((resolve) => request(opened[0]!, (res) => (res.resume(), resolve(res.headers.location))).end());
    expect(location).toBe(target);
    expect(await openSignInUrl(shell, 'https://evil.example/?SigninToken=x')).toBe(false);
    expect(opened).toHaveLength(1);
  });
});
