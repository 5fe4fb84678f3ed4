import type { Producer } from 'kafkajs';
import type { OutgoingRecord } from './dead-letter';

/** One kafkajs producer and the sends still running on it. */
interface ProducerGeneration {
  producer: Producer;
  connected: Promise<void>;
  sending: number;
  /** Failed once: no new send uses it; it is disconnected when its last send settles. */
  retired: boolean;
  closed?: Promise<void>;
}

/**
 * Publishes retry and dead-letter records with acks=all through an idempotent kafkajs producer,
 * and replaces that producer after any send that failed (retries exhausted or not retriable).
 *
 * Why: kafkajs 2.2.4 has no epoch bump. A request that failed hands its sequence numbers back, so
 * after a batch the broker did write (a lost response) the next send reuses them: the broker then
 * drops that record as a duplicate while reporting success, or refuses the partition with
 * OUT_OF_ORDER_SEQUENCE_NUMBER for as long as the producer lives. A new producer gets a new
 * producer id and starts its sequences at 0. Sends already running on the old producer finish
 * there; new sends go to a new one, connected on first use.
 */
export class DlqForwarder {
  private current: ProducerGeneration | undefined;
  private readonly live = new Set<ProducerGeneration>();
  private disconnected = false;

  constructor(
    private readonly createProducer: () => Producer,
    /** A retired producer that does not disconnect cleanly is only worth a warning. */
    private readonly onCloseError: (error: unknown) => void,
  ) {}

  /** Connects the first producer, so start-up fails fast when the brokers are unreachable. */
  async connect(): Promise<void> {
    const generation = this.generation();
    try {
      await generation.connected;
    } catch (error) {
      this.retire(generation);
      throw error;
    }
  }

  async send(record: OutgoingRecord): Promise<void> {
    if (this.disconnected) throw new Error('The retry/dead-letter producer is disconnected');
    const generation = this.generation();
    generation.sending++;
    try {
      await generation.connected;
      await generation.producer.send({
        topic: record.topic,
        acks: -1,
        messages: [{ key: record.key, value: record.value, headers: record.headers }],
      });
    } catch (error) {
      this.retire(generation);
      throw error;
    } finally {
      generation.sending--;
      if (generation.retired && generation.sending === 0) void this.close(generation);
    }
  }

  /** Disconnects every producer, the retired ones still sending included; later sends reject. */
  async disconnect(): Promise<void> {
    this.disconnected = true;
    this.current = undefined;
    await Promise.all([...this.live].map((generation) => this.close(generation)));
  }

  private generation(): ProducerGeneration {
    if (this.current) return this.current;
    const producer = this.createProducer();
    const generation: ProducerGeneration = {
      producer,
      connected: producer.connect(),
      sending: 0,
      retired: false,
    };
    // Whoever created it awaits `connected`; this only keeps a failure from being reported unhandled twice.
    generation.connected.catch(() => undefined);
    this.current = generation;
    this.live.add(generation);
    return generation;
  }

  private retire(generation: ProducerGeneration): void {
    generation.retired = true;
    if (this.current === generation) this.current = undefined;
    if (generation.sending === 0) void this.close(generation);
  }

  private close(generation: ProducerGeneration): Promise<void> {
    generation.closed ??= generation.producer
      .disconnect()
      .catch((error: unknown) => this.onCloseError(error))
      .finally(() => this.live.delete(generation));
    return generation.closed;
  }
}
