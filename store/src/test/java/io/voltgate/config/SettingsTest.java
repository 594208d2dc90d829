package io.voltgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @TempDir
  Path dir;

  @Test
  void overridesWinOverEnvironmentWhichWinsOverFileWhichWinsOverDefault() throws Exception {
    Path file = dir.resolve("voltgate.properties");
    Files.writeString(file, "VOLTGATE_OCPP_PORT=9000\nVOLTGATE_HTTP_PORT=9001\nVOLTGATE_ROLE=api\n");
    Settings s = Settings.load(
        Map.of("VOLTGATE_CONFIG_FILE", file.toString(), "VOLTGATE_HTTP_PORT", "9002", "PATH", "/bin"),
        Map.of("VOLTGATE_ROLE", "gateway"));
    assertEquals("9000", s.string(ConfigKey.OCPP_PORT));
    assertEquals("9002", s.string(ConfigKey.HTTP_PORT));
    assertEquals("gateway", s.string(ConfigKey.ROLE));
    assertEquals("/ocpp", s.string(ConfigKey.OCPP_PATH_PREFIX));
  }

  @Test
  void rejectsOutOfRangeAndNonNumericValuesNamingTheKey() {
    Settings s = Settings.of(Map.of("VOLTGATE_OCPP_PORT", "70000", "VOLTGATE_HTTP_PORT", "x"));
    var e1 = assertThrows(Settings.ConfigException.class, () -> s.integer(ConfigKey.OCPP_PORT, 0, 65535));
    assertEquals("VOLTGATE_OCPP_PORT=70000 is outside 0..65535", e1.getMessage());
    var e2 = assertThrows(Settings.ConfigException.class, () -> s.integer(ConfigKey.HTTP_PORT, 0, 65535));
    assertEquals("VOLTGATE_HTTP_PORT=x is not an integer", e2.getMessage());
  }
}
