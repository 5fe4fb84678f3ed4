export { collectArchitecture } from './collect-architecture';
export { buildModel } from './build-model';
export { renderMermaid } from './render-mermaid';
export { renderTopicTable } from './render-topic-table';
export {
  renderSection,
  replaceSection,
  sectionDiff,
  ArchitectureDocError,
  BEGIN_MARKER,
  END_MARKER,
} from './architecture-doc';
export { generateDoc, type GeneratedDoc } from './generate-doc';
export { scanSource, type SourceFacts, type ValueRef } from './scan-source';
export type { AppFacts, ArchitectureModel, CommandRef, Edge, EdgeKind, TopicNode } from './model';
export { discoverCatalogFiles, loadCatalogs, CATALOG_FILE } from './load-catalogs';
export { readWorkspaceApps, type WorkspaceApps } from './read-workspace';
export { handledTopics } from './handled-topics';
