import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaLocalError } from './errors';
import { checkJava, checkMaven, parseJavaMajor } from './prerequisites';

describe('parseJavaMajor', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['openjdk version "17-ea" 2021-03-18', 17],
    ['java version "1.8.0_392"', 8],
    ['Picked up JAVA_TOOL_OPTIONS: -Xss1m\nopenjdk version "21.0.2" 2024-01-16', 21],
  ])('reads %j as %i', (output, major) => {
    expect(parseJavaMajor(output)).toBe(major);
  });

  it.each(['', 'command not found', 'version 17', 'openjdk version "abc"'])(
    'returns undefined for %j',
    (output) => {
      expect(parseJavaMajor(output)).toBeUndefined();
    },
  );
});

describe('checkJava', () => {
  it('names the missing executable and how to install Java', () => {
    const check = (): void => checkJava('/nonexistent/bin/java');
    expect(check).toThrow(KafkaLocalError);
    expect(check).toThrow(/Java was not found \(\/nonexistent\/bin\/java[\s\S]*Install Java 17\+/);
  });
});

describe('checkJava with JAVA_HOME set', () => {
  const saved = process.env.JAVA_HOME;
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'kafka-local-java-'));
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.JAVA_HOME;
    else process.env.JAVA_HOME = saved;
    rmSync(home, { recursive: true, force: true });
  });

  // JAVA_HOME wins over PATH, so "install Java" or "put it first on PATH" would not help here.
  it('says to fix or unset JAVA_HOME when it has no java', () => {
    process.env.JAVA_HOME = join(home, 'missing-jdk');
    expect(() => checkJava()).toThrow(`JAVA_HOME=${join(home, 'missing-jdk')}`);
    expect(() => checkJava()).toThrow(/unset JAVA_HOME/);
  });

  it('says to fix or unset JAVA_HOME when its java is too old', () => {
    mkdirSync(join(home, 'bin'));
    writeFileSync(
      join(home, 'bin', 'java'),
      `#!/bin/sh\necho 'openjdk version "11.0.20" 2023-07-18' >&2\n`,
      { mode: 0o755 },
    );
    process.env.JAVA_HOME = home;
    expect(() => checkJava()).toThrow(/needs Java 17 or newer; .* is 11/);
    expect(() => checkJava()).toThrow(/unset JAVA_HOME/);
  });
});

describe('checkMaven', () => {
  it('says Maven is missing and how to install it', () => {
    expect(() => checkMaven('/nonexistent/bin/mvn')).toThrow(KafkaLocalError);
    expect(() => checkMaven('/nonexistent/bin/mvn')).toThrow(
      /Maven \(mvn\) was not found[\s\S]*apt-get install maven/,
    );
  });
});
