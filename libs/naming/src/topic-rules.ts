import { type Failure, typeFailure } from './errors';
import { MAX_SEGMENT_LENGTH, MAX_TOPIC_NAME_LENGTH } from './limits';
import { isPastTense, lastWord } from './past-tense';
import { segmentShapeFailure } from './segments';

/**
 * The three-segment topics everything else derives from:
 * - event: `<domain>.<entity>.<event>`, the event a past-tense fact;
 * - saga: `<domain>.<entity>.commands` or `.replies`;
 * - source: either of them (what retry and dead-letter topics are derived from).
 */
export type BaseTopicKind = 'event' | 'saga' | 'source';

export const SAGA_KINDS = ['commands', 'replies'] as const;

const FORMS: Record<BaseTopicKind, string> = {
  event: '<domain>.<entity>.<event>',
  saga: '<domain>.<entity>.commands|replies',
  source: '<domain>.<entity>.<event>|commands|replies',
};

/** Whole-name checks first (type, empty, length, count), then each segment, then the last one. */
export function baseTopicFailure(name: unknown, kind: BaseTopicKind): Failure | undefined {
  const notString = typeFailure(name);
  if (notString) return notString;
  const text = name as string;
  if (text === '') {
    return { rule: 'empty', detail: `expected ${FORMS[kind]}, received an empty string` };
  }
  const tooLong = topicLengthFailure(text);
  if (tooLong) return tooLong;
  const segments = text.split('.');
  if (segments.length !== 3) {
    return {
      rule: 'segment-count',
      detail: `expected 3 dot-separated segments ${FORMS[kind]}, received ${segments.length}`,
    };
  }
  return baseTopicPartsFailure(segments, kind);
}

/** For builders that receive the parts: a "." inside a part is reported on that part. */
export function baseTopicPartsFailure(
  segments: string[],
  kind: BaseTopicKind,
): Failure | undefined {
  const segmentFailure = segmentsFailure(segments);
  if (segmentFailure) return segmentFailure;
  return lastSegmentFailure(segments[segments.length - 1], kind);
}

export function topicLengthFailure(name: string): Failure | undefined {
  if (name.length <= MAX_TOPIC_NAME_LENGTH) return undefined;
  return {
    rule: 'too-long',
    detail: `expected at most ${MAX_TOPIC_NAME_LENGTH} characters, received ${name.length}`,
  };
}

export function segmentsFailure(segments: string[]): Failure | undefined {
  for (const [index, segment] of segments.entries()) {
    if (segment === '') return { rule: 'empty-segment', detail: `segment ${index + 1} is empty` };
    const shape = segmentShapeFailure(segment);
    if (shape) {
      return { rule: shape.rule, detail: `segment ${JSON.stringify(segment)} ${shape.detail}` };
    }
    if (segment.length > MAX_SEGMENT_LENGTH) {
      return {
        rule: 'segment-too-long',
        detail: `segment ${JSON.stringify(segment)} must be at most ${MAX_SEGMENT_LENGTH} characters, received ${segment.length}`,
      };
    }
  }
  return undefined;
}

function lastSegmentFailure(last: string, kind: BaseTopicKind): Failure | undefined {
  const isSagaKind = (SAGA_KINDS as readonly string[]).includes(last);
  if (kind === 'saga') {
    if (isSagaKind) return undefined;
    return {
      rule: 'saga-kind',
      detail: `expected the last segment to be "commands" or "replies", received ${JSON.stringify(last)}`,
    };
  }
  if (isPastTense(last) || (kind === 'source' && isSagaKind)) return undefined;
  const subject = kind === 'source' ? 'last segment' : 'event';
  const alternatives = kind === 'source' ? ', "commands" or "replies"' : '';
  return {
    rule: 'past-tense',
    detail:
      `${subject} ${JSON.stringify(last)} must be a past-tense fact${alternatives}: expected its last word ` +
      `to end in "ed" or be an irregular past participle like "sent", received ${JSON.stringify(lastWord(last))}`,
  };
}
