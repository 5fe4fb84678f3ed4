import { Client } from 'pg';
import { checkChannelName } from '../channel-name';
import { deliverNotification } from '../deliver-notification';
import { TCP_KEEPALIVE } from './tcp-keepalive';

type Callback = (payload: string) => void;

const RECONNECT_BASE_MS = 500;
const RECONNECT_MAX_MS = 15_000;

/**
 * LISTEN needs a connection that stays open, so it cannot come from the pool. One client serves
 * every channel; when it drops it is re-created with a growing delay and re-LISTENs. Whatever is
 * notified in between is lost, which is why notifications are only ever wake-up hints. It is idle
 * between notifications, so TCP keepalive is what tells it a NAT or firewall dropped it silently.
 */
export class NotificationListener {
  private readonly callbacks = new Map<string, Set<Callback>>();
  /** Each channel's first LISTEN, which later callers for the channel wait for too. */
  private readonly listening = new Map<string, Promise<void>>();
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;

  /**
   * `connectTimeoutMs` bounds each connection attempt: pg's own default waits forever on a server
   * that accepts but never answers, and then neither a LISTEN nor a reconnect nor close() ever ends.
   */
  constructor(
    private readonly url: string,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly connectTimeoutMs = 30_000,
  ) {}

  async listen(channel: string, callback: Callback): Promise<() => Promise<void>> {
    checkChannelName(channel);
    let set = this.callbacks.get(channel);
    if (!set) {
      this.callbacks.set(channel, (set = new Set()));
      this.listening.set(channel, this.firstListen(channel, set));
    }
    set.add(callback);
    // Every caller for the channel waits for its one LISTEN, and fails with it: a later caller that
    // resolved early would believe it listens while a failed LISTEN dropped its callback.
    await this.listening.get(channel);
    return async () => {
      set.delete(callback);
      if (set.size > 0 || this.callbacks.get(channel) !== set) return;
      this.callbacks.delete(channel);
      this.listening.delete(channel);
      await this.client?.query(`UNLISTEN ${channel}`).catch(() => undefined);
    };
  }

  /** LISTEN for a channel's first callback; when it fails, the channel is forgotten with its callbacks. */
  private async firstListen(channel: string, set: Set<Callback>): Promise<void> {
    try {
      const client = await this.connected();
      await client.query(`LISTEN ${channel}`);
    } catch (error) {
      if (this.callbacks.get(channel) === set) {
        this.callbacks.delete(channel);
        this.listening.delete(channel);
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.callbacks.clear();
    this.listening.clear();
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connected(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.url,
      connectionTimeoutMillis: this.connectTimeoutMs,
      ...TCP_KEEPALIVE,
    });
    client.on('notification', ({ channel, payload }) => {
      for (const callback of this.callbacks.get(channel) ?? [])
        deliverNotification(channel, callback, payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('The LISTEN connection ended.')));
    await client.connect();
    if (this.closed) {
      await client.end();
      throw new Error('The database was closed while connecting the LISTEN connection.');
    }
    this.client = client;
    this.failures = 0;
    return client;
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.report(error);
    this.scheduleReconnect();
  }

  /**
   * onError runs inside pg's event handlers and the reconnect timer: one that throws would end the
   * process there, and before the reconnect was scheduled, so LISTEN would never come back.
   */
  private report(error: unknown): void {
    try {
      this.onError(error);
    } catch (reportError) {
      console.warn(
        `[database] onListenError threw; ignored: ${reportError instanceof Error ? reportError.message : String(reportError)}`,
      );
    }
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer || this.callbacks.size === 0) return;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** this.failures++);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.relisten().catch((error) => {
        this.report(error);
        this.scheduleReconnect();
      });
    }, delay);
    this.reconnectTimer.unref();
  }

  private async relisten(): Promise<void> {
    const client = await this.connected();
    for (const channel of this.callbacks.keys()) await client.query(`LISTEN ${channel}`);
  }
}
