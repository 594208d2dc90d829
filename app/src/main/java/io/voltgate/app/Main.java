package io.voltgate.app;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Entry point of the shaded jar and of {@code ./voltgate}. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    Settings settings;
    try {
      settings = Settings.load(System.getenv(), CommandLine.parse(args));
    } catch (Settings.ConfigException e) {
      System.err.println("voltgate: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
      System.out.println(CommandLine.usage());
      return;
    }
    String nodeId = settings.get(ConfigKey.NODE_ID).orElseGet(Main::generatedNodeId);
    // Read by logback.xml; must be set before the first logger is created.
    System.setProperty("voltgate.node", nodeId);
    System.setProperty("vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    try {
      Voltgate running = Voltgate.start(settings, nodeId);
      Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "voltgate-shutdown"));
    } catch (Settings.ConfigException e) {
      System.err.println("voltgate: " + e.getMessage());
      System.exit(2);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(Main.class).error("start-up failed", e);
      System.exit(1);
    }
  }

  static String generatedNodeId() {
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    return "node-" + HexFormat.of().formatHex(b);
  }
}
