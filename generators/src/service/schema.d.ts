export interface ServiceGeneratorSchema {
  /** One lowercase segment, e.g. `billing`; the app is `apps/billing-service`. */
  name: string;
  /** First segment of its topics; default the service name. */
  domain?: string;
  /** Owned topics, comma separated: `<entity>.<event>` (in the domain) or `<domain>.<entity>.<event>`. */
  produces?: string | string[];
  /** Handled topics, comma separated; each declared by some catalog or in `produces`. */
  consumes?: string | string[];
  outbox?: boolean;
  saga?: boolean;
  /** Default: the first port from 3001 no docker-compose service publishes and no service's DEFAULT_PORT is. */
  port?: number;
  /** Extra tags, comma separated. */
  tags?: string | string[];
  skipFormat?: boolean;
}
