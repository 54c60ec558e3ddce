// Records about the server: its state, zombies; plus the ephemeral kinds (telemetry, resync marker).
import { Type } from '@sinclair/typebox';
import {
  MAX_ITEMS,
  MAX_SHORT_TEXT_LENGTH,
  boundedArray,
  boundedString,
  closedObject,
} from '../validation/schema-kit.js';
import { NodePathSchema } from '../tree/node-path.js';
import { ServerStateSchema } from '../tree/node-states.js';
import { changeRecord } from './record-base.js';
import { ZombieSchema } from './zombie.js';

/** `server state := HALTED`. */
export const ServerStateChangeSchema = changeRecord(
  'server.state',
  { state: ServerStateSchema },
  'The server changed state',
);

/** A zombie appeared (or its record changed: calls, action). */
export const ZombieAddedChangeSchema = changeRecord(
  'zombie.added',
  { zombie: ZombieSchema },
  'A zombie was added or updated',
);

/** A zombie went away (removed by a user, adopted, or expired). */
export const ZombieRemovedChangeSchema = changeRecord(
  'zombie.removed',
  { id: boundedString(128, { minLength: 1 }), path: NodePathSchema },
  'A zombie was removed',
);

/** CPU and memory of running jobs. Ephemeral: never journaled, never replayed. */
export const JobTelemetrySchema = changeRecord(
  'telemetry.jobs',
  {
    ephemeral: Type.Literal(true),
    jobs: boundedArray(
      closedObject({
        path: NodePathSchema,
        tryNo: Type.Integer({ minimum: 0 }),
        cpuSeconds: Type.Number({ minimum: 0 }),
        rssBytes: Type.Integer({ minimum: 0 }),
      }),
      MAX_ITEMS,
    ),
  },
  'Resource samples of running jobs (ephemeral; `seq` is the latest durable sequence)',
);

/** Request rates of the server. Ephemeral. */
export const RequestTelemetrySchema = changeRecord(
  'telemetry.requests',
  {
    ephemeral: Type.Literal(true),
    perSecond: Type.Number({ minimum: 0 }),
    errorsPerSecond: Type.Number({ minimum: 0 }),
    inFlight: Type.Integer({ minimum: 0 }),
  },
  'Request rates (ephemeral; `seq` is the latest durable sequence)',
);

/**
 * Sent on the change feed instead of the records a client missed when it fell too far behind: the client
 * must fetch a full snapshot (`get` with state, or `tree`) and continue from `seq`.
 */
export const ResyncMarkerSchema = changeRecord(
  'resync',
  {
    ephemeral: Type.Literal(true),
    reason: boundedString(MAX_SHORT_TEXT_LENGTH),
  },
  'The client missed records; reload a snapshot, then resume after `seq`',
);
