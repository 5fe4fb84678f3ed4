/** How long a Postgres connection may be silent before the OS starts sending keepalive probes. */
export const TCP_KEEPALIVE_INITIAL_DELAY_MS = 30_000;

/**
 * pg's options for TCP keepalive, on every connection (the LISTEN connection and the pool's). A
 * NAT or firewall forgets an idle connection without a word (AWS NAT gateways after 350 s, Azure
 * load balancers after 4 min), and a socket with nothing to send never learns it is gone: the
 * LISTEN connection, idle between notifications, would wait for hints forever while the relay
 * fell back to polling. Probes after 30 s of silence keep the connection in the NAT's table; when
 * they go unanswered the OS fails the socket with ETIMEDOUT (Linux defaults: 9 probes 75 s apart,
 * which Node 20 cannot shorten), pg emits 'error', and the LISTEN connection is re-established.
 * Set once per connection by the OS, nothing per statement.
 */
export const TCP_KEEPALIVE = {
  keepAlive: true,
  keepAliveInitialDelayMillis: TCP_KEEPALIVE_INITIAL_DELAY_MS,
} as const;
