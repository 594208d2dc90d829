package io.voltgate.store.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the charger credentials file ({@code VOLTGATE_CHARGER_CREDENTIALS_FILE}): one charger per
 * line, {@code chargePointId,securityProfile[,password]}; {@code #} starts a comment.
 */
public final class CredentialsFile {

  /** One line of the file. */
  public record Entry(String chargePointId, int securityProfile, String password) {
  }

  private CredentialsFile() {
  }

  public static List<Entry> read(Path file) {
    List<Entry> entries = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read charger credentials " + file, e);
    }
    int n = 0;
    for (String raw : lines) {
      n++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(",", 3);
      if (parts.length < 2) {
        throw new IllegalArgumentException(file + ":" + n + ": expected chargePointId,securityProfile[,password]");
      }
      int profile;
      try {
        profile = Integer.parseInt(parts[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + ":" + n + ": security profile must be 0-3");
      }
      if (profile < 0 || profile > 3) {
        throw new IllegalArgumentException(file + ":" + n + ": security profile must be 0-3");
      }
      String password = parts.length > 2 ? parts[2] : null;
      if ((profile == 1 || profile == 2) && (password == null || password.length() < 16)) {
        throw new IllegalArgumentException(file + ":" + n + ": profiles 1 and 2 need a password of at least 16 characters");
      }
      entries.add(new Entry(parts[0].strip(), profile, password));
    }
    return entries;
  }
}
