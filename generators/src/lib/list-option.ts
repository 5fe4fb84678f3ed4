/** `--produces a,b` arrives as "a,b"; programmatic callers may pass an array. Trimmed, no empties, no duplicates. */
export function parseListOption(value: string | readonly string[] | undefined): string[] {
  const items = typeof value === 'string' ? value.split(',') : (value ?? []);
  return [...new Set(items.map((item) => item.trim()).filter((item) => item !== ''))];
}
