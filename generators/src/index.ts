export { serviceGenerator } from './service/service';
export { eventGenerator } from './event/event';
export { handlerGenerator } from './handler/handler';
export { sagaGenerator } from './saga/saga';
export { libraryGenerator } from './library/library';
export { GeneratorInputError } from './lib/input-error';
export { findDeclaredTopics, type DeclaredTopic } from './lib/workspace-topics';
export { findService, listServices, type ExistingService } from './lib/services';
