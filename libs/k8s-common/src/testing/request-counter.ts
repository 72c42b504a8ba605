import { isMutating, type KubeClient, type RequestRecord } from '../client/kube-client.ts';

/**
 * Counts a client's requests, so a test can assert that a converged operator makes no writes.
 * Attach it to the client the operator under test uses.
 */
export class RequestCounter {
  private records: RequestRecord[] = [];
  private readonly detach: () => void;

  constructor(client: KubeClient) {
    this.detach = client.addObserver((record) => this.records.push(record));
  }

  reset(): void {
    this.records = [];
  }

  all(): readonly RequestRecord[] {
    return this.records;
  }

  writes(): RequestRecord[] {
    return this.records.filter(isMutating);
  }

  stop(): void {
    this.detach();
  }
}
