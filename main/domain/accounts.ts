import { z } from 'zod';
import { Messages, validationError } from '../../shared/errors.js';
import { MembershipLevel } from '../db/repos/memberships.js';
import type { UserRow } from '../db/repos/users.js';
import { actedBy, recordActivity } from './audit.js';
import type { Deps, RequestContext } from './deps.js';
import { NO_CONTEXT } from './deps.js';
import { hashPassword, passwordStrength } from './passwords.js';
import { randomBase62, uuid4 } from './tokens.js';

export interface NewAccount {
  email: string;
  password: string;
  first_name?: string;
  last_name?: string;
  organization_name?: string;
  /** Only an existing staff user (or the CLI) may ask for this; the first account is staff anyway. */
  is_staff?: boolean;
}

const emailSchema = z.string().trim().max(254).email();

/** Throws the contract's 400 when `email` is not a usable address or is already taken. */
export function assertEmailAvailable(deps: Pick<Deps, 'repos'>, email: string, exceptUserId?: number) {
  if (!emailSchema.safeParse(email).success) {
    throw validationError('invalid_input', 'Enter a valid email address.', 'email');
  }
  const existing = deps.repos.users.byEmail(email);
  if (existing && existing.id !== exceptUserId) {
    throw validationError('unique', Messages.emailTaken, 'email');
  }
}

/**
 * Minimum length and zxcvbn strength, with the contract's messages on attr `password`. Returns the
 * zxcvbn score, to keep as `users.password_strength` (the security checkup reads it).
 */
export async function assertPasswordAcceptable(password: string, userInputs: string[]): Promise<number> {
  const { error: problem, score } = await passwordStrength(password, userInputs);
  if (problem) {
    // PostHog answers a too-short password with `invalid_input` (scripts match on it); the detail stays ours.
    const code = password.length < 8 ? 'invalid_input' : 'password_too_weak';
    throw validationError(code, problem, 'password');
  }
  return score;
}

const slugify = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'organization';

/**
 * Creates an account. The first account of an install becomes staff and owner of a new
 * organization with one project and its "My App Dashboard"; every later one joins that
 * organization as a member with its project current (users-api.md §2).
 */
export async function createAccount(
  deps: Deps,
  input: NewAccount,
  ctx: RequestContext = NO_CONTEXT,
  actorId: number | null = null,
): Promise<UserRow> {
  const email = input.email.trim();
  const firstName = (input.first_name ?? '').trim();
  const lastName = (input.last_name ?? '').trim();
  assertEmailAvailable(deps, email);
  const strength = await assertPasswordAcceptable(input.password, [email, firstName, lastName]);
  const passwordHash = await hashPassword(input.password);
  const { repos, clock, random } = deps;

  const create = deps.db.transaction((): number => {
    // Re-checked inside the transaction: the hash above yielded to other requests.
    assertEmailAvailable(deps, email);
    const now = clock.now();
    const isFirst = repos.users.count() === 0;
    const userId = repos.users.insert({
      uuid: uuid4(random),
      email,
      first_name: firstName,
      last_name: lastName,
      password_hash: passwordHash,
      is_staff: isFirst || input.is_staff ? 1 : 0,
      distinct_id: randomBase62(random, 43),
      date_joined: now,
    });
    repos.users.update(userId, { password_strength: strength });
    let organizationId: number;
    let teamId: number;
    if (isFirst) {
      const name = input.organization_name?.trim() || `${firstName || 'My'} organization`.trim();
      let slug = slugify(name);
      if (repos.organizations.slugTaken(slug)) slug = `${slug}-${randomBase62(random, 6).toLowerCase()}`;
      organizationId = repos.organizations.insert({ uuid: uuid4(random), name, slug, created_at: now });
      teamId = repos.teams.insert({
        uuid: uuid4(random),
        organization_id: organizationId,
        name: 'Default project',
        api_token: `phc_${randomBase62(random, 43)}`,
        created_at: now,
      });
      repos.dashboards.insert({
        team_id: teamId,
        name: 'My App Dashboard',
        created_by: userId,
        created_at: now,
      });
      repos.memberships.insert({
        organization_id: organizationId,
        user_id: userId,
        level: MembershipLevel.owner,
        joined_at: now,
      });
    } else {
      const organization = repos.organizations.first();
      if (!organization) throw new Error('Users exist but the organization is missing.');
      organizationId = organization.id;
      teamId = repos.teams.forOrganization(organizationId)[0].id;
      repos.memberships.insert({
        organization_id: organizationId,
        user_id: userId,
        level: MembershipLevel.member,
        joined_at: now,
      });
    }
    repos.users.update(userId, { current_organization_id: organizationId, current_team_id: teamId });
    recordActivity(
      deps,
      userId,
      'user_created',
      { ...actedBy(deps, actorId, userId), staff: isFirst || !!input.is_staff },
      ctx,
    );
    return userId;
  });
  const userId = create.immediate();
  return repos.users.byId(userId)!;
}

/** Open signup: only for the first account, unless a staff user turned it on. */
export function signupAllowed(deps: Pick<Deps, 'repos'>): boolean {
  return deps.repos.users.count() === 0 || deps.repos.settings.get('signup_allowed') === 'true';
}
