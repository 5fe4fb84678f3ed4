-- The idempotent inbox: one row per (consumer group, event id) a handler has applied, written in
-- the same transaction as the handler's effects. A redelivered event finds its row and is skipped.
CREATE TABLE inbox (
  consumer_group text NOT NULL,
  event_id text NOT NULL,                   -- CloudEvents ce_id
  topic text NOT NULL,
  kafka_partition int NOT NULL,
  kafka_offset text NOT NULL,               -- 64-bit offset as a decimal string
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
);

-- For the retention clean-up (cleanupInbox).
CREATE INDEX inbox_processed_at ON inbox (processed_at);
