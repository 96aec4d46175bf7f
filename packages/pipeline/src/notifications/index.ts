export { ChannelOwner, type ChannelOwnerOptions, type NotificationClient } from './channel-owner.js';
export {
  type ChannelAnswer,
  type ChannelCommand,
  type ChannelEvent,
  ChannelMachine,
  type ChannelPhase,
  type ChannelSnapshot,
  type ChannelStatus,
  type ChannelTimings,
  DEFAULT_CHANNEL_TIMINGS,
  type FallbackReason,
  type GapReason,
  type RejectedTopic,
} from './channel-state.js';
export { currentNotificationClient } from './current-client.js';
export {
  FEED_GAP_REASONS,
  type FeedGap,
  type FeedGapReason,
  type FeedMessage,
  FeedMessageSchema,
  type ListeningChange,
  type OperationEnd,
  type TrunkUpdate,
} from './feed-messages.js';
export { type NotificationKeys, notificationKeys } from './keys.js';
export { ListenerFeed, type ListenerFeedHandlers, type ListenerFeedOptions } from './listener-feed.js';
export {
  createNotificationMetrics,
  forgetNotificationStatus,
  NOTIFICATION_STATUSES,
  type NotificationMetrics,
  recordNotificationStatus,
} from './metrics.js';
export { OperationEnds, type OperationWait } from './operation-ends.js';
export { OwnerLease } from './owner-lease.js';
export {
  type LastListing,
  type ListingDecision,
  type ListingDecisionInput,
  listingDecision,
  nextGateGapMs,
  nextWaitJitterMs,
  type RefreshAheadInput,
  refreshAhead,
  type TrunkPollCadenceInput,
  trunkPollIntervalMs,
} from './poll-cadence.js';
export { type NotificationStatusRecord, NotificationStatusStore } from './status-store.js';
export { type StoredTrunkRead, TrunkReadStore, trunkFieldsAfterPush } from './trunk-push.js';
