import { Logger } from '@nestjs/common';

/**
 * The messages Nest's Logger logs at `level` during each test of the calling describe block (the
 * array is emptied before each test, and the spy restored after).
 */
export function captureLoggerMessages(level: 'warn' | 'error'): string[] {
  const messages: string[] = [];
  beforeEach(() => {
    messages.length = 0;
    // Widened: warn and error have overloads of their own; only the message is kept.
    (jest.spyOn(Logger.prototype, level) as jest.SpyInstance).mockImplementation(
      (message: unknown) => {
        messages.push(String(message));
      },
    );
  });
  afterEach(() => jest.restoreAllMocks());
  return messages;
}

/** The warnings (captureLoggerMessages('warn')). */
export function captureLoggerWarnings(): string[] {
  return captureLoggerMessages('warn');
}
