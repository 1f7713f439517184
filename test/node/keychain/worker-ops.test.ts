import { describe, expect, it } from 'vitest';
import type { WorkerRequest } from '../../../electron/core/keychain/protocol';
import { KeychainOps, runRequest, WorkerOpFailure } from '../../../electron/core/keychain/worker-ops';
import { fakeBinding } from './fake-binding';

const req = (r: Omit<WorkerRequest, 'id' | 'service'> & Partial<WorkerRequest>): WorkerRequest => ({ id: 1, service: 'Rolecall', ...r }) as WorkerRequest;

describe('KeychainOps on Linux', () => {
  it('pins every entry to the Secret Service and round-trips UTF-8 JSON', () => {
    const { binding, stores, calls } = fakeBinding();
    const ops = new KeychainOps(binding, true);
    ops.set('Rolecall', 'source:dév', '{"k":"välue"}');
    expect(ops.get('Rolecall', 'source:dév')).toBe('{"k":"välue"}');
    expect(ops.list('Rolecall')).toEqual(['source:dév']);
    expect(ops.delete('Rolecall', 'source:dév')).toBe(true);
    expect(ops.delete('Rolecall', 'source:dév')).toBe(false);
    expect(ops.get('Rolecall', 'source:dév')).toBeNull();
    expect(stores.keyutils.size).toBe(0);
    expect(new Set(calls.pins)).toEqual(new Set(['secret-service']));
  });

  it('builds each entry once and reuses it while the worker lives', () => {
    const { binding, calls } = fakeBinding();
    const ops = new KeychainOps(binding, true);
    ops.set('Rolecall', 'source:a', 'v');
    for (let i = 0; i < 5; i++) ops.get('Rolecall', 'source:a');
    expect(calls.entries).toBe(1);
    ops.forget();
    ops.get('Rolecall', 'source:a');
    expect(calls.entries).toBe(2);
  });

  it('reports a locked keyring instead of "absent" on get, delete and list', () => {
    const { binding } = fakeBinding({ locked: true });
    const ops = new KeychainOps(binding, true);
    expect(() => ops.get('Rolecall', 'source:a')).toThrow(/IsLocked/);
    expect(() => ops.delete('Rolecall', 'source:a')).toThrow(/IsLocked/);
    expect(() => ops.list('Rolecall')).toThrow(/IsLocked/);
  });

  it('refuses a write that did not land in the Secret Service and removes it from keyutils', () => {
    const { binding, stores } = fakeBinding({ ignorePin: true });
    const ops = new KeychainOps(binding, true);
    let error: unknown;
    try {
      ops.set('Rolecall', 'source:a', 'secret-json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkerOpFailure);
    expect((error as WorkerOpFailure).reason).toBe('not-persisted');
    expect(stores.keyutils.size).toBe(0);
  });

  it('does not search on other platforms, where the binding reports failures itself', () => {
    const { binding, calls } = fakeBinding();
    const ops = new KeychainOps(binding, false);
    expect(ops.get('Rolecall', 'source:a')).toBeNull();
    ops.set('Rolecall', 'source:a', 'v');
    expect(calls.finds).toBe(0);
  });
});

describe('runRequest', () => {
  it('answers each op with its id', () => {
    const ops = new KeychainOps(fakeBinding().binding, true);
    expect(runRequest(() => ops, req({ id: 7, op: 'set', account: 'a', value: 'v' }))).toEqual({ id: 7, ok: true, value: undefined });
    expect(runRequest(() => ops, req({ id: 8, op: 'get', account: 'a' }))).toEqual({ id: 8, ok: true, value: 'v' });
    expect(runRequest(() => ops, req({ id: 9, op: 'list' }))).toEqual({ id: 9, ok: true, value: ['a'] });
    expect(runRequest(() => ops, req({ id: 10, op: 'delete', account: 'a' }))).toEqual({ id: 10, ok: true, value: true });
  });

  it('scrubs the value out of a failure text', () => {
    const ops = new KeychainOps(fakeBinding({ setError: (v) => `cannot store ${v} now` }).binding, true);
    const reply = runRequest(() => ops, req({ op: 'set', account: 'a', value: 'TOPSECRET' }));
    expect(reply).toEqual({ id: 1, ok: false, error: { message: 'cannot store [redacted] now' } });
  });

  it('replies with a typed failure when the binding cannot be loaded', () => {
    const reply = runRequest(() => {
      throw new WorkerOpFailure('binding-unavailable', 'cannot load');
    }, req({ op: 'list' }));
    expect(reply).toEqual({ id: 1, ok: false, error: { reason: 'binding-unavailable', message: 'cannot load' } });
  });
});
