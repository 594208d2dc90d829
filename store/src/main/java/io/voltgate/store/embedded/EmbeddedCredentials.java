package io.voltgate.store.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The passwords of the embedded Postgres superuser and the embedded Redis, generated once and kept
 * in {@code VOLTGATE_DATA_DIR/credentials.properties} (mode 0600, in a 0700 directory) so that a
 * restart on the same data directory, and other processes pointed at these servers, use the same.
 *
 * @param file where they are kept
 */
public record EmbeddedCredentials(String postgresPassword, String redisPassword, Path file) {

  public static final String FILE_NAME = "credentials.properties";
  static final String POSTGRES_KEY = "postgres.password";
  static final String REDIS_KEY = "redis.password";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Reads the file under {@code dataDir}, or creates it with new random passwords. Blocking. */
  public static EmbeddedCredentials loadOrCreate(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      ownerOnly(dataDir, "rwx------");
      Path file = dataDir.resolve(FILE_NAME);
      Properties p = new Properties();
      if (Files.exists(file)) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          p.load(in);
        }
      }
      boolean changed = false;
      for (String key : new String[] {POSTGRES_KEY, REDIS_KEY}) {
        if (p.getProperty(key, "").isBlank()) {
          p.setProperty(key, newPassword());
          changed = true;
        }
      }
      if (changed) {
        write(file, p);
      }
      ownerOnly(file, "rw-------");
      return new EmbeddedCredentials(p.getProperty(POSTGRES_KEY), p.getProperty(REDIS_KEY), file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the embedded credentials under " + dataDir, e);
    }
  }

  /** 32 hex characters (128 random bits): safe in URLs, config files and SQL literals alike. */
  static String newPassword() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Written beside the target with owner-only permissions from the start, then moved in place. */
  private static void write(Path file, Properties p) throws IOException {
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    Files.deleteIfExists(tmp);
    if (posix()) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(out, "Passwords of the embedded Postgres (user postgres) and Redis. Keep private.");
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static void ownerOnly(Path path, String permissions) throws IOException {
    if (posix()) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
