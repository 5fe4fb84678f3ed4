const CHANNEL_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * LISTEN takes an identifier, not a bind parameter, so the name goes into the SQL text: only
 * plain lower-case identifiers (at most 63 bytes, Postgres' NAMEDATALEN - 1) are accepted.
 */
export function checkChannelName(channel: string): string {
  if (typeof channel !== 'string' || !CHANNEL_PATTERN.test(channel)) {
    throw new TypeError(
      `Invalid channel name, expected lower-case letters, digits and "_" (at most 63, not starting with a digit) received ${JSON.stringify(channel)}`,
    );
  }
  return channel;
}
