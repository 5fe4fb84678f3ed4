export interface EventGeneratorSchema {
  /** `<domain>.<entity>.<event>`, or `<entity>.<event>` in the service's domain. */
  topic: string;
  /** The owning service: `orders` or `orders-service`. */
  service: string;
  /** Default 6; from 1 to MAX_PARTITIONS (1000). */
  partitions?: number;
  skipFormat?: boolean;
}
