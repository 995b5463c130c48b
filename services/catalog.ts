// Every service's migrations, gathered for the composition root and the test databases.
// TypeORM orders migrations by the timestamp in their class name, so each service owns its own range.
import { platformSchema } from './platform/installation.js';
import { usersSchema } from './users/index.js';
import { groupsSchema } from './groups/index.js';
import { historySchema } from './history/index.js';
import { notificationsSchema } from './notifications/index.js';
import { xSchema } from './x/index.js';
import { raidsSchema } from './raids/index.js';
import { analyticsSchema } from './analytics/index.js';
import { validationSchema } from './validation/index.js';
import { botRegistrySchema } from './bot-registry/index.js';
import { ledgerSchema } from './ledger/index.js';
import { walletSchema } from './wallet/index.js';
import { depositsSchema } from './deposits/index.js';
import { withdrawalsSchema } from './withdrawals/index.js';
import { feedsSchema } from './x-feeds/index.js';

const schemas = [platformSchema, historySchema, notificationsSchema, usersSchema, groupsSchema, xSchema, raidsSchema, validationSchema, analyticsSchema, botRegistrySchema, ledgerSchema, walletSchema, depositsSchema, withdrawalsSchema, feedsSchema];

export const migrations = schemas.flatMap((s) => s.migrations);
