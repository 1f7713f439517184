/**
 * An in-memory {@link SecretStore} for tests of logic that uses the keychain (STS engine, sessions,
 * CLI commands) without a real Secret Service. It copies on the way in and out so a test cannot
 * pass by mutating a record it holds, and it can be told to fail like the real keychain does.
 */
import type { RolecallError } from '../errors';
import type { MfaSessionSecret, RotationJournalSecret, SecretStore, SourceSecret } from './secret-store';

export interface MemorySecretStoreSeed {
  sources?: Record<string, SourceSecret>;
  mfaSessions?: Record<string, MfaSessionSecret>;
}

export class MemorySecretStore implements SecretStore {
  private readonly sources = new Map<string, SourceSecret>();
  private readonly mfaSessions = new Map<string, MfaSessionSecret>();
  private readonly journals = new Map<string, RotationJournalSecret>();
  private failure: RolecallError | undefined;

  constructor(seed: MemorySecretStoreSeed = {}) {
    for (const [name, s] of Object.entries(seed.sources ?? {})) this.sources.set(name, { ...s });
    for (const [name, s] of Object.entries(seed.mfaSessions ?? {})) this.mfaSessions.set(name, { ...s });
  }

  /** Makes every following call reject with `error` (e.g. `KeychainLocked`) until called with nothing. */
  failWith(error?: RolecallError): void {
    this.failure = error;
  }

  async listSources(): Promise<string[]> {
    this.check();
    return [...this.sources.keys()].sort();
  }

  async getSource(name: string): Promise<SourceSecret | undefined> {
    this.check();
    const s = this.sources.get(name);
    return s && { ...s };
  }

  async setSource(name: string, secret: SourceSecret): Promise<void> {
    this.check();
    this.sources.set(name, { ...secret });
  }

  async deleteSource(name: string): Promise<boolean> {
    this.check();
    return this.sources.delete(name);
  }

  async getMfaSession(sourceProfile: string): Promise<MfaSessionSecret | undefined> {
    this.check();
    const s = this.mfaSessions.get(sourceProfile);
    return s && { ...s };
  }

  async setMfaSession(sourceProfile: string, session: MfaSessionSecret): Promise<void> {
    this.check();
    this.mfaSessions.set(sourceProfile, { ...session });
  }

  async deleteMfaSession(sourceProfile: string): Promise<boolean> {
    this.check();
    return this.mfaSessions.delete(sourceProfile);
  }

  async getRotationJournal(sourceProfile: string): Promise<RotationJournalSecret | undefined> {
    this.check();
    const j = this.journals.get(sourceProfile);
    return j && { ...j, keysBefore: [...j.keysBefore] };
  }

  async setRotationJournal(sourceProfile: string, journal: RotationJournalSecret): Promise<void> {
    this.check();
    this.journals.set(sourceProfile, { ...journal, keysBefore: [...journal.keysBefore] });
  }

  async deleteRotationJournal(sourceProfile: string): Promise<boolean> {
    this.check();
    return this.journals.delete(sourceProfile);
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}
