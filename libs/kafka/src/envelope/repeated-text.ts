/** Values longer than this are decoded every time; the envelope's repeating ones are far shorter. */
const MAX_REMEMBERED_BYTES = 64;

/**
 * The text of UTF-8 bytes, remembering the last value: consecutive events of a topic mostly carry
 * the same ce_type, ce_source, ce_specversion and content-type (and often ce_time), and comparing
 * a few bytes costs less than decoding them into a new string.
 */
export class RepeatedText {
  private readonly bytes = Buffer.alloc(MAX_REMEMBERED_BYTES);
  private length = -1;
  private text = '';

  read(buffer: Buffer, start: number, end: number): string {
    const length = end - start;
    if (length === this.length) {
      let i = 0;
      while (i < length && buffer[start + i] === this.bytes[i]) i++;
      if (i === length) return this.text;
    }
    this.text = buffer.toString('utf8', start, end);
    if (length > MAX_REMEMBERED_BYTES) {
      this.length = -1;
    } else {
      for (let i = 0; i < length; i++) this.bytes[i] = buffer[start + i];
      this.length = length;
    }
    return this.text;
  }
}
