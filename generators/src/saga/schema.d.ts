export interface SagaGeneratorSchema {
  /** The saga type, e.g. `create-order`. */
  name: string;
  /** The service running it: `orders` or `orders-service`. */
  service: string;
  /** Entity of the reply topic `<domain>.<entity>.replies`; default the name's last word. */
  entity?: string;
  skipFormat?: boolean;
}
