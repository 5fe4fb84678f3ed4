import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { KafkaLocalError } from './errors';

export const MIN_JAVA_MAJOR = 17;

export function javaExecutable(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` (or "1.8.0_392" for Java 8). */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

export function checkJava(java = javaExecutable()): void {
  // JAVA_HOME wins over PATH: when it chose this java, installing one or fixing PATH does not help.
  const javaHome = process.env.JAVA_HOME && java === javaExecutable() ? process.env.JAVA_HOME : '';
  const viaJavaHome = `JAVA_HOME=${javaHome} chose it: point JAVA_HOME at a Java ${MIN_JAVA_MAJOR}+ install, or unset JAVA_HOME to use the java on PATH.`;
  const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new KafkaLocalError(
      `Java was not found (${java}: ${result.error.message}).`,
      javaHome
        ? viaJavaHome
        : `Install Java ${MIN_JAVA_MAJOR}+ (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME.`,
    );
  }
  const major = parseJavaMajor(`${result.stderr}${result.stdout}`);
  if (major === undefined || major < MIN_JAVA_MAJOR) {
    throw new KafkaLocalError(
      `Kafka 4 needs Java ${MIN_JAVA_MAJOR} or newer; ${java} is ${major ?? 'of an unknown version'}.`,
      javaHome
        ? viaJavaHome
        : `Install Java ${MIN_JAVA_MAJOR}+ and put it first on PATH, or point JAVA_HOME at it.`,
    );
  }
}

export function checkMaven(mvn = 'mvn'): void {
  const result = spawnSync(mvn, ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new KafkaLocalError(
      'Maven (mvn) was not found; kafka-local uses it to fetch the Kafka jars from Maven Central.',
      'Install Apache Maven 3.8+ (Debian: apt-get install maven), or use Docker: docker compose up -d.',
    );
  }
}
