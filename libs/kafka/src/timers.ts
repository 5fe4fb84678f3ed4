/**
 * The longest delay setTimeout and setInterval take: Node runs a longer one after 1 ms (with a
 * warning), which turns a long wait into a busy loop. Options that set a timer are checked
 * against it, and longer waits are taken in steps of it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
