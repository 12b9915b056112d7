// Read-only users (`rest.readonly.users`, beyond Kafka Connect): they may read everything and
// change nothing. Every method but GET/HEAD/OPTIONS is a change — also config validation and the
// transform preview, which run plugin code.

import { RestError } from '../errors.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isReadRequest(method: string): boolean {
  return READ_METHODS.has(method.toUpperCase());
}

export class RestRoles {
  private readonly readOnly: Set<string>;

  constructor(readOnlyUsers: readonly string[]) {
    this.readOnly = new Set(readOnlyUsers.map((u) => u.trim()).filter((u) => u !== ''));
  }

  get hasReadOnlyUsers(): boolean {
    return this.readOnly.size > 0;
  }

  isReadOnly(user: string | undefined): boolean {
    return user !== undefined && this.readOnly.has(user);
  }

  /** Throws the 403 a read-only user gets for a write. */
  check(user: string | undefined, method: string, path: string): void {
    if (this.isReadOnly(user) && !isReadRequest(method)) {
      throw new RestError(403, `User ${user} has read-only access to this Connect cluster: ${method} ${path} is not allowed`);
    }
  }
}
