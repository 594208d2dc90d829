package io.voltgate.api.sse;

import io.voltgate.services.events.EventFilter;
import io.voltgate.services.events.StreamEvent;
import io.vertx.core.http.HttpServerResponse;
import io.voltgate.api.auth.ApiPrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One subscriber: its filter, what it has been sent, and its response. A client whose write queue
 * is full when an event is due (it reads too slowly, or stopped reading) is dropped so it cannot slow
 * the others or hold memory: its connection is closed, not just its response ended, because an ended
 * response on a socket nobody reads keeps its unsent bytes buffered for as long as the socket lives
 * (RELIABILITY.md, section 5). It reconnects with {@code Last-Event-ID} to resume.
 */
final class SseClient {

  private final HttpServerResponse response;
  private final ApiPrincipal principal;
  private final EventFilter filter;
  private String lastSentId;
  /** Live events that arrive while the replay is still running. */
  private List<StreamEvent> pending = new ArrayList<>();
  private boolean closed;
  private boolean released;
  private boolean slow;

  /** @param principal whose key's revocation or expiry ends the stream */
  SseClient(HttpServerResponse response, ApiPrincipal principal, EventFilter filter, String lastEventId) {
    this.response = response;
    this.principal = principal;
    this.filter = filter;
    this.lastSentId = lastEventId;
  }

  /** Live delivery (queued while replaying). Returns false when the client had to be dropped. */
  boolean offer(StreamEvent e) {
    if (pending != null) {
      pending.add(e);
      return true;
    }
    return send(e);
  }

  /** Replay finished: flush what arrived meanwhile, skipping what the replay already sent. */
  void replayDone() {
    List<StreamEvent> queued = pending;
    pending = null;
    for (StreamEvent e : queued) {
      if (!send(e)) {
        return;
      }
    }
  }

  boolean send(StreamEvent e) {
    if (closed) {
      return false;
    }
    if (lastSentId != null && StreamEvent.compareIds(e.streamId(), lastSentId) <= 0) {
      return true;
    }
    if (!filter.wants(e)) {
      lastSentId = e.streamId();
      return true;
    }
    if (response.writeQueueFull()) {
      closeSlow();
      return false;
    }
    lastSentId = e.streamId();
    response.write("id: " + e.streamId() + "\nevent: " + e.type() + "\ndata: " + e.toJson().encode() + "\n\n");
    return true;
  }

  void comment(String text) {
    if (!closed && !response.writeQueueFull()) {
      response.write(": " + text + "\n\n");
    }
  }

  UUID keyId() {
    return principal.keyId();
  }

  boolean keyExpiredAt(Instant now) {
    return principal.expiredAt(now);
  }

  /** A driver's stream lives as long as the access token it was opened with; the app reconnects with a fresh one. */
  boolean driverTokenExpiredAt(Instant now) {
    return principal.driverTokenExpiredAt(now);
  }

  /** True the first time only: the stream is counted as closed once. */
  boolean release() {
    boolean first = !released;
    released = true;
    return first;
  }

  boolean closed() {
    return closed || response.closed() || response.ended();
  }

  /** Dropped for reading too slowly: the connection is closed at once (nothing more is written). */
  void closeSlow() {
    if (!closed) {
      closed = true;
      slow = true;
      filter.close();
      if (!response.closed()) {
        response.reset();
      }
    }
  }

  /** True when the stream was dropped for reading too slowly. */
  boolean slow() {
    return slow;
  }

  void close() {
    if (!closed) {
      closed = true;
      filter.close();
      if (!response.ended() && !response.closed()) {
        response.end();
      }
    }
  }
}
