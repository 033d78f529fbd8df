import type { Db } from '../open.js';
import { createActivityEventsRepo } from './activity-events.js';
import { createBackupCodesRepo } from './backup-codes.js';
import { createDashboardsRepo } from './dashboards.js';
import { createMembershipsRepo } from './memberships.js';
import { createOrganizationsRepo } from './organizations.js';
import { createPasskeyChallengesRepo } from './passkey-challenges.js';
import { createPasskeysRepo } from './passkeys.js';
import { createPendingEmailChangesRepo } from './pending-email-changes.js';
import { createPendingTotpSetupsRepo } from './pending-totp-setups.js';
import { createPersonalApiKeysRepo } from './personal-api-keys.js';
import { createPushTokensRepo } from './push-tokens.js';
import { createScenePersonalisationsRepo } from './scene-personalisations.js';
import { createSessionsRepo } from './sessions.js';
import { createSettingsRepo } from './settings.js';
import { createTeamsRepo } from './teams.js';
import { createThrottlesRepo } from './throttles.js';
import { createTotpDevicesRepo } from './totp-devices.js';
import { createUsersRepo } from './users.js';

/** Every repository, each preparing its statements once against this connection. */
export function createRepos(db: Db) {
  return {
    users: createUsersRepo(db),
    organizations: createOrganizationsRepo(db),
    teams: createTeamsRepo(db),
    memberships: createMembershipsRepo(db),
    dashboards: createDashboardsRepo(db),
    sessions: createSessionsRepo(db),
    personalApiKeys: createPersonalApiKeysRepo(db),
    pushTokens: createPushTokensRepo(db),
    totpDevices: createTotpDevicesRepo(db),
    pendingTotpSetups: createPendingTotpSetupsRepo(db),
    backupCodes: createBackupCodesRepo(db),
    scenePersonalisations: createScenePersonalisationsRepo(db),
    activityEvents: createActivityEventsRepo(db),
    pendingEmailChanges: createPendingEmailChangesRepo(db),
    throttles: createThrottlesRepo(db),
    settings: createSettingsRepo(db),
    passkeys: createPasskeysRepo(db),
    passkeyChallenges: createPasskeyChallengesRepo(db),
  };
}
export type Repos = ReturnType<typeof createRepos>;
