package io.voltgate.services.events;

/**
 * Which events of the stream one subscriber receives. Asked once per event per subscriber on the
 * subscriber's event loop, so it must answer from memory: whatever it needs from Postgres is loaded
 * beforehand, never per event.
 */
public interface EventFilter {

  /** Whether the subscriber receives the event. */
  boolean wants(StreamEvent e);

  /** The subscriber has gone: stop any refreshing. */
  default void close() {
  }
}
