import { mergeCatalogs } from '@platform/kafka';
import { catalog as ordersCatalog } from '../../../orders-service/src/topic-catalog';
import { catalog } from '../topic-catalog';

/**
 * Every topic inventory-service produces to or consumes from: its own catalog plus the catalogs
 * of the services owning the topics it handles (`nx g handler` adds them), and orders-service's
 * for the saga reply topic (orders.order.replies) it answers on.
 */
export const serviceCatalog = mergeCatalogs(catalog.service, [catalog, ordersCatalog]);
