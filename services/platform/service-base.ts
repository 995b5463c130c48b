// The dependencies most services share, built once by the composition root. A service's deps type takes the
// part it uses (`Pick<ServiceBase, 'db' | 'log' | 'clock'>`) and adds its own; the composition root passes
// the bundle whole (spread), with the service's logger already named, and extra fields are simply unused.
import type { DataSource } from 'typeorm';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Registry } from './metrics.js';
import type { Redis } from './redis.js';

export interface ServiceBase {
  /** The one Postgres pool; a service touches only its own schema's tables. */
  db: DataSource;
  /** The main Redis connection (BullMQ needs `maxRetriesPerRequest: null`, which `createRedis` sets). */
  redis: Redis;
  /** Redis key prefix, a Cluster hash tag such as `{warhorn}`: a service's keys go under `${prefix}:<service>:`. */
  prefix: string;
  /** Already named for the service (`{ service: 'raids' }`) by the composition root: use it as it is. */
  log: Logger;
  metrics: Registry;
  /** Every "now" of a service comes from here, never from Date.now() or new Date(). */
  clock: Clock;
}

/** The bundle for one service: the same connections, its logger named once, here (pino would write a key
 * given twice twice). Called only by the composition root. */
export function serviceBase(base: ServiceBase, service: string): ServiceBase {
  return { ...base, log: base.log.child({ service }) };
}
