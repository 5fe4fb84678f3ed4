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

describe('checkMaven', () => {
  it('says Maven is missing and how to install it', () => {
    expect(() => checkMaven('/nonexistent/bin/mvn')).toThrow(KafkaLocalError);
    expect(() => checkMaven('/nonexistent/bin/mvn')).toThrow(
      /Maven \(mvn\) was not found[\s\S]*apt-get install maven/,
    );
  });
});
