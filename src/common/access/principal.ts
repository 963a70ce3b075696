import type { Permission, Role, Sector } from './permissions';

/** Who is calling, as established by the identity layer from a token or an API key. */
export interface Principal {
  kind: 'user' | 'apiKey';
  id: string;
  /**
   * The person behind the call: the user's id, or for an API key the id of the user who created
   * it. Rules about people ("not your own proposal") compare this, so they hold across a
   * person's keys.
   */
  personId: string;
  /** Username or the API key's name; never personal data. */
  name: string;
  roles: readonly Role[];
  permissions: ReadonlySet<Permission>;
  /** Home region: the root of everything this caller may see. */
  regionCode: string;
  /** Code prefix of the home region's subtree (see common/region/region-code subtreePrefix). */
  scopePrefix: string;
  /** A sector officer's department (null for every other account; an API key: its creator's). */
  sector?: Sector | null;
  /** The sign-in (auth_sessions.id) of a user's access token. */
  sessionId?: string;
  /** An account created by an administrator: only account.self operations until the password is changed. */
  mustChangePassword?: boolean;
}
