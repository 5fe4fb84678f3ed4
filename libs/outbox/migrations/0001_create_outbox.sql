-- The transactional outbox. The first five columns are what Debezium's outbox event router
-- (io.debezium.transforms.outbox.EventRouter) expects, so a service can move from the polling
-- relay to CDC without touching its writers. Rows are only ever INSERTed by writers.
CREATE TABLE outbox (
  id uuid PRIMARY KEY,                      -- the event id: CloudEvents ce_id, what inboxes dedupe on
  aggregatetype text NOT NULL,              -- the kind of entity, e.g. 'order'
  aggregateid text NOT NULL,                -- the entity id: the Kafka key
  type text NOT NULL,                       -- CloudEvents ce_type (the topic name, as the producer sets it)
  payload jsonb NOT NULL,                   -- the event data, already validated against the topic's schema
  topic text NOT NULL,                      -- where it goes (Debezium: route.by.field=topic)
  headers jsonb NOT NULL DEFAULT '{}',      -- per-event envelope headers: ce_correlationid, ce_causationid, traceparent, ce_subject
  created_at timestamptz NOT NULL DEFAULT now(),
  -- For the relay. seq orders one aggregate's rows (insert order = commit order, see outbox.add's
  -- per-aggregate lock); it is never used as a "published up to" cursor, because a transaction
  -- can commit a lower seq after a higher one was already published.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  -- Virtual partition: all rows of one aggregate share one, and one relay transaction at a time
  -- owns a partition. Computed by Postgres so any writer (another language, psql) gets it right.
  -- Changing the 64 rewrites the table: only do it with the relay stopped and the outbox drained.
  vpartition smallint GENERATED ALWAYS AS ((hashtext(aggregateid) & 2147483647) % 64) STORED,
  published_at timestamptz,                 -- set by the relay once the broker acknowledged
  failed_at timestamptz,                    -- set when the event can never be published (see last_error)
  last_error text
);

-- What the relay looks for: unpublished rows of some partitions, oldest first.
CREATE INDEX outbox_pending ON outbox (vpartition, seq) WHERE published_at IS NULL AND failed_at IS NULL;
-- What the retention clean-up deletes.
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX outbox_failed ON outbox (failed_at) WHERE failed_at IS NOT NULL;

-- Wake-up hint for relays (LISTEN outbox). Once per INSERT statement, sent at COMMIT, and
-- collapsed by Postgres within a transaction. Relays poll anyway: a lost hint only adds latency.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
