import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER_ID } from './cluster-settings';
import { KafkaLocalError } from './errors';
import type { NodePaths } from './layout';

export const RESET_COMMAND = 'npm run kafka:down -- --reset';

/** Formats a node's empty data folder, or checks that an existing one belongs to this cluster. */
export function prepareStorage(
  java: string,
  classpath: string,
  node: NodePaths,
): 'formatted' | 'reused' {
  const metaFile = join(node.dataDir, 'meta.properties');
  const hasFiles = existsSync(node.dataDir) && readdirSync(node.dataDir).length > 0;
  if (!hasFiles) {
    format(java, classpath, node);
    return 'formatted';
  }
  if (!existsSync(metaFile)) {
    throw corrupted(node, 'it has files but no meta.properties');
  }
  const meta = parseProperties(readFileSync(metaFile, 'utf8'));
  if (meta['cluster.id'] !== CLUSTER_ID || meta['node.id'] !== String(node.nodeId)) {
    throw corrupted(
      node,
      `meta.properties names cluster ${meta['cluster.id'] ?? '?'} node ${meta['node.id'] ?? '?'}, ` +
        `expected cluster ${CLUSTER_ID} node ${node.nodeId}`,
    );
  }
  return 'reused';
}

function format(java: string, classpath: string, node: NodePaths): void {
  const result = spawnSync(
    java,
    [
      '-cp',
      classpath,
      'kafka.tools.StorageTool',
      'format',
      '--ignore-formatted',
      '-t',
      CLUSTER_ID,
      '-c',
      node.configFile,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new KafkaLocalError(
      `Formatting storage for node ${node.nodeId} failed:\n${`${result.stdout}${result.stderr}`.trim()}`,
      `Reset the local cluster with: ${RESET_COMMAND}`,
    );
  }
}

function corrupted(node: NodePaths, why: string): KafkaLocalError {
  return new KafkaLocalError(
    `The data folder of node ${node.nodeId} (${node.dataDir}) looks corrupted: ${why}.`,
    `Reset the local cluster (deletes its topics and data) with: ${RESET_COMMAND}`,
  );
}

export function parseProperties(text: string): Record<string, string> {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && line.includes('='))
    .map((line) => [
      line.slice(0, line.indexOf('=')).trim(),
      line.slice(line.indexOf('=') + 1).trim(),
    ]);
  return Object.fromEntries(entries);
}
