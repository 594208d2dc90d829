package io.voltgate.api.cpms.fleet;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.voltgate.api.http.ApiException;

/** Turns a Postgres unique-constraint violation into a 409 with a message a client understands. */
public final class Conflicts {

  private static final String UNIQUE_VIOLATION = "23505";

  private Conflicts() {
  }

  /** Whether the failure is a unique violation (optionally of the named constraint or index). */
  public static boolean isUniqueViolation(Throwable t, String constraint) {
    return t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
        && (constraint == null || (pg.getConstraint() != null && pg.getConstraint().equals(constraint))
            || (pg.getErrorMessage() != null && pg.getErrorMessage().contains(constraint)));
  }

  /** The same future, with any unique violation replaced by a 409 carrying {@code message}. */
  public static <T> Future<T> onDuplicate(Future<T> f, String message) {
    return f.recover(e -> Future.failedFuture(isUniqueViolation(e, null) ? ApiException.conflict(message) : e));
  }
}
