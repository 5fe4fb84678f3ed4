import type { AnyCommandType } from '@platform/saga';

/**
 * The command a handler decorator was given, checked when the class is decorated: left undefined
 * (an import cycle), the method would silently never be registered and its commands never handled.
 */
export function checkDecoratedCommand(decorator: string, command: AnyCommandType): AnyCommandType {
  if (typeof command?.topic === 'string' && typeof command?.type === 'string') return command;
  throw new TypeError(
    `Invalid @${decorator} command, expected a command from defineCommand(...) received ${String(command)} (an import cycle can leave it undefined when the decorator runs)`,
  );
}
