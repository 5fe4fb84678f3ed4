import { getProjects, type Tree } from '@nx/devkit';
import { GeneratorInputError } from './input-error';
import { serviceNames, type ServiceNames } from './names';
import { CATALOG_FILE } from './workspace-topics';

/** A service made by the service generator, as the fragment generators (event, handler, saga) see it. */
export interface ExistingService extends ServiceNames {
  /** The domain its topics live in: the project's `domain:<name>` tag, else the service name. */
  domain: string;
  catalogFile: string;
  appModuleFile: string;
}

/**
 * Finds a service by `billing` or `billing-service`. Refuses names of projects that are not
 * services (no topic catalog or app module), listing the ones there are.
 */
export function findService(tree: Tree, service: string): ExistingService {
  const name = service.endsWith('-service') ? service.slice(0, -'-service'.length) : service;
  const names = serviceNames(name);
  const catalogFile = `${names.projectRoot}/${CATALOG_FILE}`;
  const appModuleFile = `${names.projectRoot}/src/app/app.module.ts`;
  const project = getProjects(tree).get(names.projectName);
  if (!project || !tree.exists(catalogFile) || !tree.exists(appModuleFile)) {
    const known = listServices(tree);
    throw new GeneratorInputError(
      `There is no service "${name}" (expected the project ${names.projectName} with ${catalogFile} and ${appModuleFile}). ` +
        (known.length > 0 ? `Services: ${known.join(', ')}.` : 'Create one first with `nx g service <name>`.'),
      known.length > 0 ? `--service=${known[0]}` : 'nx g service billing',
    );
  }
  const domainTag = project.tags?.find((tag) => tag.startsWith('domain:'));
  return { ...names, domain: domainTag ? domainTag.slice('domain:'.length) : name, catalogFile, appModuleFile };
}

/** Service names (without `-service`) of the apps that have a topic catalog and an app module. */
export function listServices(tree: Tree): string[] {
  return [...getProjects(tree).entries()]
    .filter(([projectName, project]) =>
      projectName.endsWith('-service') &&
      tree.exists(`${project.root}/${CATALOG_FILE}`) &&
      tree.exists(`${project.root}/src/app/app.module.ts`))
    .map(([projectName]) => projectName.slice(0, -'-service'.length))
    .sort();
}

/**
 * The port each service listens on by default (`export const DEFAULT_PORT = <n>;` in
 * apps/<app>/src/config.ts) → its app folder. Services missing from docker-compose.yml (a fork
 * without it, an entry removed) still hold their port on a developer's machine.
 */
export function serviceDefaultPorts(tree: Tree): Map<number, string> {
  const ports = new Map<number, string>();
  if (!tree.exists('apps')) return ports;
  for (const app of tree.children('apps').sort()) {
    const config = tree.read(`apps/${app}/src/config.ts`, 'utf-8');
    const port = config && /^export const DEFAULT_PORT = ([\d_]+);/m.exec(config);
    if (port) ports.set(Number(port[1].replace(/_/g, '')), `apps/${app}`);
  }
  return ports;
}
