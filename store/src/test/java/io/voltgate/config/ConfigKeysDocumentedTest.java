package io.voltgate.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigKeysDocumentedTest {

  @Test
  void everyConfigurationKeyIsInTheReadmeWithItsDefault() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (ConfigKey key : ConfigKey.values()) {
      String row = "| `" + key.envName() + "` | "
          + key.defaultValue().map(d -> d.isEmpty() ? "(empty)" : "`" + d + "`").orElse("(unset)") + " |";
      assertTrue(readme.contains(row), "README lacks the row for " + key.envName() + ": " + row);
    }
  }
}
