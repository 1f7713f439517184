/** Small shared helpers for the reliability suite. */
import { expect } from 'vitest';
import { RolecallError } from '../../electron/core/errors';

/** The RolecallError a promise rejects with (anything else fails the test). */
export async function failure(p: Promise<unknown>): Promise<RolecallError> {
  const outcome = await p.then(
    () => ({ ok: true as const }),
    (e: unknown) => ({ ok: false as const, e }),
  );
  if (outcome.ok) throw new Error('expected a failure, got success');
  expect(outcome.e).toBeInstanceOf(RolecallError);
  return outcome.e as RolecallError;
}

/** Lets timer-started async work (STS calls over loopback, file writes) run to completion. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 25));
}

/** Polls `check` until it returns true or `timeoutMs` passes (for work the test cannot await). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export { awsCliEnv } from './aws-env';
