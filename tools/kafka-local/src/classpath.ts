import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KAFKA_VERSION } from './cluster-settings';
import { KafkaLocalError } from './errors';
import { checkMaven } from './prerequisites';

const POM = join(__dirname, '..', 'pom.xml');

/**
 * The broker's classpath: jars resolved by Maven into its own cache (~/.m2), never copied here.
 * The answer is cached under the state folder, keyed by the pom and Kafka version, because
 * asking Maven costs several seconds even when everything is already downloaded.
 */
export function resolveClasspath(home: string, log: (line: string) => void): string {
  const key = createHash('sha256').update(readFileSync(POM)).update(KAFKA_VERSION).digest('hex');
  const cacheFile = join(home, `classpath-${key.slice(0, 12)}.txt`);
  if (existsSync(cacheFile)) {
    const cached = readFileSync(cacheFile, 'utf8').trim();
    if (cached.split(':').every((jar) => existsSync(jar))) return cached;
  }
  checkMaven();
  mkdirSync(home, { recursive: true });
  log(
    `resolving Apache Kafka ${KAFKA_VERSION} from Maven Central (the first run downloads ~80 MB)…`,
  );
  const result = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      POM,
      `-Dkafka.version=${KAFKA_VERSION}`,
      'dependency:build-classpath',
      `-Dmdep.outputFile=${cacheFile}`,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (result.status !== 0 || !existsSync(cacheFile)) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
      .trim()
      .split('\n')
      .slice(-15)
      .join('\n');
    throw new KafkaLocalError(
      `Maven could not resolve org.apache.kafka:kafka_2.13:${KAFKA_VERSION}:\n${output}`,
      'Check that Maven Central is reachable (mvn dependency:get -Dartifact=org.apache.kafka:kafka_2.13:' +
        `${KAFKA_VERSION}) and that ~/.m2/settings.xml has no unreachable mirror.`,
    );
  }
  return readFileSync(cacheFile, 'utf8').trim();
}
