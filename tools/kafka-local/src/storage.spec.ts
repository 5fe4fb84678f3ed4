import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLUSTER_ID } from './cluster-settings';
import { KafkaLocalError } from './errors';
import { nodePaths } from './layout';
import { parseProperties, prepareStorage, RESET_COMMAND } from './storage';

// None of these paths reach java: a missing or foreign meta.properties is refused before formatting.
const NO_JAVA = '/nonexistent/java';

describe('prepareStorage', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'kafka-local-storage-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const failure = (run: () => unknown): KafkaLocalError => {
    try {
      run();
    } catch (error) {
      if (error instanceof KafkaLocalError) return error;
      throw error;
    }
    throw new Error('expected a KafkaLocalError');
  };

  it('refuses a data folder with files but no meta.properties', () => {
    const node = nodePaths(home, 1);
    mkdirSync(node.dataDir, { recursive: true });
    writeFileSync(join(node.dataDir, '__cluster_metadata-0'), '');
    const error = failure(() => prepareStorage(NO_JAVA, '', node));
    expect(error.message).toContain(
      `The data folder of node 1 (${node.dataDir}) looks corrupted: it has files but no meta.properties`,
    );
    expect(error.message).toContain(RESET_COMMAND);
    expect(RESET_COMMAND).toBe('npm run kafka:down -- --reset');
  });

  it('refuses meta.properties of another cluster', () => {
    const node = nodePaths(home, 2);
    mkdirSync(node.dataDir, { recursive: true });
    writeFileSync(
      join(node.dataDir, 'meta.properties'),
      'version=1\ncluster.id=someOtherCluster\nnode.id=2\n',
    );
    const error = failure(() => prepareStorage(NO_JAVA, '', node));
    expect(error.message).toContain(node.dataDir);
    expect(error.message).toContain(
      `meta.properties names cluster someOtherCluster node 2, expected cluster ${CLUSTER_ID} node 2`,
    );
    expect(error.hint).toContain(RESET_COMMAND);
  });

  it('refuses meta.properties of another node', () => {
    const node = nodePaths(home, 1);
    mkdirSync(node.dataDir, { recursive: true });
    writeFileSync(join(node.dataDir, 'meta.properties'), `cluster.id=${CLUSTER_ID}\nnode.id=3\n`);
    expect(failure(() => prepareStorage(NO_JAVA, '', node)).message).toContain(
      `names cluster ${CLUSTER_ID} node 3`,
    );
  });

  it('reuses a data folder of this cluster and node', () => {
    const node = nodePaths(home, 1);
    mkdirSync(node.dataDir, { recursive: true });
    writeFileSync(
      join(node.dataDir, 'meta.properties'),
      `#\nversion=1\ncluster.id=${CLUSTER_ID}\nnode.id=1\n`,
    );
    expect(prepareStorage(NO_JAVA, '', node)).toBe('reused');
  });

  it('reports a failed format with the reset command', () => {
    const node = nodePaths(home, 1);
    const error = failure(() => prepareStorage('/bin/false', '', node));
    expect(error.message).toContain('Formatting storage for node 1 failed');
    expect(error.hint).toContain(RESET_COMMAND);
  });
});

describe('parseProperties', () => {
  it('keeps values containing "=" and skips comments and blank lines', () => {
    expect(parseProperties('# c\n\na=1\n b = x=y \nnot a property\n')).toEqual({
      a: '1',
      b: 'x=y',
    });
  });
});
