/** Injection tokens of KafkaModule's providers (classes are used where a class exists). */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');
export const EVENT_PRODUCER = Symbol('EVENT_PRODUCER');
