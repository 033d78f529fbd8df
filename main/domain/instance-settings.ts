import type { InstanceSettings } from '../../shared/admin.js';
import type { UserRow } from '../db/repos/users.js';
import { recordActivity } from './audit.js';
import type { Deps, RequestContext } from './deps.js';

/** The instance-wide switches a staff user controls from the admin screen. */
export function readInstanceSettings(deps: Pick<Deps, 'repos'>): InstanceSettings {
  return { signup_allowed: deps.repos.settings.get('signup_allowed') === 'true' };
}

export function updateInstanceSettings(
  deps: Deps,
  actor: UserRow,
  changes: Partial<InstanceSettings>,
  ctx: RequestContext,
): InstanceSettings {
  if (changes.signup_allowed !== undefined) {
    deps.repos.settings.put('signup_allowed', String(changes.signup_allowed));
    recordActivity(
      deps,
      actor.id,
      'instance_settings_changed',
      { signup_allowed: changes.signup_allowed },
      ctx,
    );
  }
  return readInstanceSettings(deps);
}
