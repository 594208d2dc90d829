package io.voltgate.api.ops;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the process has finished starting: backends up and migrated, verticles deployed, the
 * bootstrap key (when configured) created. Shared by the process's HTTP verticles; the launcher
 * marks it last, so {@code /health/ready} never answers 200 before the API can be used.
 */
public final class Readiness {

  private final AtomicBoolean started;

  private Readiness(boolean started) {
    this.started = new AtomicBoolean(started);
  }

  /** Not ready until {@link #markStarted()}. */
  public static Readiness starting() {
    return new Readiness(false);
  }

  /** Ready from the start (harnesses that deploy the HTTP verticle after everything else). */
  public static Readiness started() {
    return new Readiness(true);
  }

  public void markStarted() {
    started.set(true);
  }

  public boolean isStarted() {
    return started.get();
  }
}
