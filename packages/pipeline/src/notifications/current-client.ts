import type { NotificationClient } from './channel-owner.js';

/**
 * The org's notification calls made through whatever client the org has at the time of each call. A topology
 * reload that changed the org (a rotated `file:` secret, another budget) gives it a new client and retires the old
 * one a minute later (`createOrgClients`); a channel owner lives across reloads, so it must not keep the client it
 * was started with. For an org no longer in the topology `clientFor` throws, which the owner takes as a failed call.
 */
export function currentNotificationClient(
  clientFor: (orgId: string) => NotificationClient,
  orgId: string,
): NotificationClient {
  return {
    createNotificationChannel: () => clientFor(orgId).createNotificationChannel(),
    replaceNotificationSubscriptions: (channelId, topics) =>
      clientFor(orgId).replaceNotificationSubscriptions(channelId, topics),
    notificationConnectUrl: (connectUri) => clientFor(orgId).notificationConnectUrl(connectUri),
  };
}
