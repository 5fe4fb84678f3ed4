export interface HandlerGeneratorSchema {
  /** A topic declared in some service's catalog, `<domain>.<entity>.<event>`. */
  topic: string;
  /** The consuming service: `billing` or `billing-service`. */
  service: string;
  skipFormat?: boolean;
}
