import { mergeCatalogs } from '@platform/kafka';
import { catalog } from '../topic-catalog';

/**
 * Every topic orders-service produces to or consumes from: its own catalog plus the catalogs
 * of the services owning the topics it handles (`nx g handler` adds them).
 */
export const serviceCatalog = mergeCatalogs(catalog.service, [catalog]);
