package io.voltgate.gateway.support;

import io.voltgate.store.BackendOptions;
import io.voltgate.store.Backends;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Embedded Postgres and Redis started once per test JVM and stopped when it exits. Postgres runs
 * without fsync (a throw-away database; the product's default is durable).
 */
public final class TestBackends {

  private static Backends backends;

  private TestBackends() {
  }

  public static synchronized Backends get() {
    if (backends == null) {
      try {
        Path dir = Files.createTempDirectory("voltgate-test");
        backends = Backends.start(new BackendOptions(Optional.empty(), Optional.empty(), dir, 0, 0, 8, 4, 100_000,
            false));
        Runtime.getRuntime().addShutdownHook(new Thread(backends::close));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return backends;
  }
}
