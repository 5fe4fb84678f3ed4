import { Logger } from '@nestjs/common';

/**
 * The messages Nest's Logger warns with during each test of the calling describe block (the
 * array is emptied before each test, and the spy restored after).
 */
export function captureLoggerWarnings(): string[] {
  const warnings: string[] = [];
  beforeEach(() => {
    warnings.length = 0;
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
  });
  afterEach(() => jest.restoreAllMocks());
  return warnings;
}
