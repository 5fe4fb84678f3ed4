-- One row per saga instance: everything needed to resume it after a crash.
CREATE TABLE saga_instances (
  id text PRIMARY KEY,
  saga_type text NOT NULL,
  state text NOT NULL CHECK (state IN ('running', 'compensating', 'completed', 'compensated', 'needs-attention')),
  -- The step running (forward) or being undone (compensating); -1 once everything is undone.
  current_step integer NOT NULL,
  compensating boolean NOT NULL,
  data jsonb NOT NULL,
  -- Optimistic lock: every UPDATE expects the version it read and bumps it.
  version integer NOT NULL,
  -- The saga's request counter: a reply must echo the last command's value.
  attempt integer NOT NULL,
  compensation_attempts integer NOT NULL,
  waiting_for text CHECK (waiting_for IN ('reply', 'retry')),
  deadline timestamptz,
  failure_reason text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- The deadline poller's index: only sagas that wait with a deadline are in it.
CREATE INDEX saga_instances_deadline ON saga_instances (deadline) WHERE deadline IS NOT NULL;
-- "Sagas by state", newest first, and the per-state counts behind the metrics.
CREATE INDEX saga_instances_state ON saga_instances (state, saga_type, created_at);

-- What happened to each step, in order (the query API's step history).
CREATE TABLE saga_step_history (
  id bigserial PRIMARY KEY,
  saga_id text NOT NULL REFERENCES saga_instances (id) ON DELETE CASCADE,
  step integer NOT NULL,
  step_name text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('forward', 'compensation')),
  event text NOT NULL,
  attempt integer,
  reason text,
  at timestamptz NOT NULL
);

CREATE INDEX saga_step_history_saga ON saga_step_history (saga_id, id);
