import { EnvelopeHeader } from './headers';

/**
 * Where a client that decodes headers lazily leaves a record's undecoded header bytes: our
 * patched kafkajs (patches/kafkajs+2.2.4.patch, record/v0/lazyHeaders.js) sets it, non-enumerable,
 * as long as nobody read or assigned `headers`. Another client simply does not, and decoding
 * falls back to the headers object.
 */
export const RAW_HEADERS = Symbol.for('kafkajs.record.rawHeaders');

/** `count` headers (key varint-string, value varint-bytes, zigzag varints) from `offset` in `buffer`. */
export interface RawHeaderBytes {
  buffer: Buffer | undefined;
  offset: number;
  count: number;
}

/** The headers decodeEnvelope reads, in one fixed order: the index is a header's slot. */
export const ENVELOPE_HEADER_SLOTS = [
  EnvelopeHeader.Id,
  EnvelopeHeader.Type,
  EnvelopeHeader.Source,
  EnvelopeHeader.SpecVersion,
  EnvelopeHeader.Time,
  EnvelopeHeader.Subject,
  EnvelopeHeader.ContentType,
  EnvelopeHeader.CorrelationId,
  EnvelopeHeader.CausationId,
  EnvelopeHeader.TraceParent,
] as const;

/** Slots by name length, each with the name's bytes (all ASCII), so a key is matched without decoding it. */
const slotsByLength: { slot: number; bytes: Buffer }[][] = [];
ENVELOPE_HEADER_SLOTS.forEach((name, slot) => {
  (slotsByLength[name.length] ??= []).push({ slot, bytes: Buffer.from(name, 'latin1') });
});

/**
 * Per slot, where the first value of that header starts and ends in the buffer; -1 when absent.
 * Reused by every call: decoding is synchronous, and a call's result is read before the next.
 */
export const valueStart = new Int32Array(ENVELOPE_HEADER_SLOTS.length);
export const valueEnd = new Int32Array(ENVELOPE_HEADER_SLOTS.length);

/**
 * Finds the envelope headers in a record's raw header bytes and returns their buffer, or
 * undefined when the record has none to offer (another client, headers already decoded) or when
 * a wanted header is unusual (a null value): the caller then reads the headers object, whose
 * behaviour is the reference. A repeated header counts with its first value, as headerValue does.
 */
export function locateEnvelopeHeaders(message: object): Buffer | undefined {
  const raw = (message as { [RAW_HEADERS]?: RawHeaderBytes })[RAW_HEADERS];
  const buffer = raw?.buffer;
  if (buffer === undefined) return undefined;
  valueStart.fill(-1);
  let at = raw!.offset;
  for (let header = 0; header < raw!.count; header++) {
    // kafkajs' Decoder.readVarInt, inlined: zigzag varints.
    let shift = 0;
    let sum = 0;
    let byte: number;
    do {
      byte = buffer[at++];
      sum += (byte & 0x7f) << shift;
      shift += 7;
    } while (byte >= 0x80);
    const keyLength = (sum >>> 1) ^ -(sum & 1);
    const keyStart = at;
    if (keyLength > 0) at += keyLength;
    shift = 0;
    sum = 0;
    do {
      byte = buffer[at++];
      sum += (byte & 0x7f) << shift;
      shift += 7;
    } while (byte >= 0x80);
    const length = (sum >>> 1) ^ -(sum & 1);
    const start = at;
    if (length > 0) at += length;
    const slot = keyLength > 0 ? matchSlot(buffer, keyStart, keyLength) : -1;
    if (slot < 0 || valueStart[slot] >= 0) continue;
    if (length < 0) return undefined;
    valueStart[slot] = start;
    valueEnd[slot] = start + length;
  }
  return buffer;
}

function matchSlot(buffer: Buffer, start: number, length: number): number {
  const candidates = slotsByLength[length];
  if (candidates === undefined) return -1;
  for (const { slot, bytes } of candidates) {
    let i = 0;
    while (i < length && buffer[start + i] === bytes[i]) i++;
    if (i === length) return slot;
  }
  return -1;
}
