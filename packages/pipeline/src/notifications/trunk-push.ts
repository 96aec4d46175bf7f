import type { TrunkHealthFields } from '@wfm-sync/domain';
import type { TrunkUpdate } from './feed-messages.js';

/**
 * The health fields of a trunk after a push (genesys-api.md, Notifications): the push carries the connection,
 * REGISTER and OPTIONS states; `state`, `inService` and `enabled` come from the last read of the trunk. Feed the
 * result to `deriveTrunkHealth`. A field the push leaves out keeps its last read value.
 */
export function trunkFieldsAfterPush(lastRead: TrunkHealthFields, push: TrunkUpdate): TrunkHealthFields {
  return {
    ...lastRead,
    ...(push.connectedStatus === undefined ? {} : { connectedStatus: push.connectedStatus }),
    ...(push.registersStatus === undefined ? {} : { registersStatus: push.registersStatus }),
    ...(push.optionsStatus === undefined ? {} : { optionsStatus: push.optionsStatus }),
  };
}
