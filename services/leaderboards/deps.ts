// What the leaderboards are built from. Leaderboards own no table: each count stays with the service that
// keeps it and is read through that service's index (validation's accepted points, analytics' message
// counts), and the names come from users.
import type { Analytics } from '../analytics/index.js';
import type { Users } from '../users/index.js';
import type { Validation } from '../validation/index.js';

export interface LeaderboardsDeps {
  /** Accepted raid points per member; null when the deployment has no X (no validation, so no points). */
  points: Pick<Validation, 'pointsByMember' | 'pointsOfMember'> | null;
  messages: Pick<Analytics, 'messagesByMember'>;
  users: Pick<Users, 'profiles'>;
}
