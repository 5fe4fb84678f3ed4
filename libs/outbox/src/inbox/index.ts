export { inboxHandler, type InboxEffect, type InboxOptions } from './inbox-handler';
export { cleanupInbox } from './inbox-cleanup';
