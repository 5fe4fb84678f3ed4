// Kafka rejects topic names longer than 249 characters (org.apache.kafka.common.internals.Topic).
export const MAX_TOPIC_NAME_LENGTH = 249;

// Segment and service caps are small enough that the longest valid source topic and service
// still give retry and dead-letter names within Kafka's limit (3*48+2 + ".retry." + 48 + ".99"
// = 204). Those names are derived on the failure path, where a late "too long" would strand a
// message, so the guarantee has to hold by construction.
export const MAX_SEGMENT_LENGTH = 48;

// "<name>-service" (the Nx app, and usually the Kubernetes service) then fits a DNS label (63).
export const MAX_SERVICE_NAME_LENGTH = 48;

// One topic per attempt: a policy with more than a few attempts is a bug, 99 is a hard ceiling.
export const MAX_RETRY_ATTEMPT = 99;

// Room for a fully qualified host name plus a pid or pod suffix.
export const MAX_INSTANCE_ID_LENGTH = 128;
