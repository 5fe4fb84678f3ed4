/** What the transport tells health and metrics about its consumer. */
export interface ConsumerMembership {
  readonly groupId: string;
  /** True between joining the group and leaving it (or crashing, until a restart joins again). */
  isMember(): boolean;
  /** Topics the consumer reads, retry topics included. */
  subscribedTopics(): string[];
}
