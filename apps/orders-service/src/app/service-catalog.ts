import { mergeCatalogs } from '@platform/kafka';
import { catalog as inventoryCatalog } from '../../../inventory-service/src/topic-catalog';
import { catalog as paymentsCatalog } from '../../../payments-service/src/topic-catalog';
import { catalog } from '../topic-catalog';

/**
 * Every topic orders-service produces to or consumes from: its own catalog plus the catalogs
 * of the services owning the topics it handles (`nx g handler` adds them), and the catalogs of
 * the saga participants whose command topics it sends to.
 */
export const serviceCatalog = mergeCatalogs(catalog.service, [
  catalog,
  inventoryCatalog,
  paymentsCatalog,
]);
