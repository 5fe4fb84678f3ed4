// An event names something that already happened, so its last hyphen-separated word must be a
// past tense: either a regular form ending in "ed" (at least 4 letters, so "bed" or "red" do
// not pass) or one of the irregular past participles below. This is a lint, not grammar:
// extending the list is a one-line change.
const IRREGULAR_PAST_PARTICIPLES: ReadonlySet<string> = new Set(
  [
    'begun bid bought broken brought built cast caught chosen cut dealt done drawn fed felt',
    'forgiven forgotten found frozen given grown held hidden hit kept known laid led left lent',
    'let lost made met overridden paid put quit read rebuilt redone reset rewritten run seen sent',
    'set shown shut sold spent split spread stolen struck taken thrown told undone unfrozen',
    'withdrawn withheld won written',
  ]
    .join(' ')
    .split(' '),
);

// Present-tense verbs that merely end in "ed" (their past forms, e.g. "proceeded", pass).
const PRESENT_TENSE_ENDING_IN_ED: ReadonlySet<string> = new Set(
  'bleed breed embed exceed feed need proceed seed speed succeed'.split(' '),
);

/** The word that decides: "stock-reserved" → "reserved". */
export function lastWord(event: string): string {
  return event.slice(event.lastIndexOf('-') + 1);
}

export function isPastTense(event: string): boolean {
  const word = lastWord(event);
  if (IRREGULAR_PAST_PARTICIPLES.has(word)) return true;
  return word.length >= 4 && word.endsWith('ed') && !PRESENT_TENSE_ENDING_IN_ED.has(word);
}
