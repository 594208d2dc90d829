package io.voltgate.services.webhooks;

import io.voltgate.services.webhooks.EventCatalog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voltgate.store.model.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Published event types == catalog types. The compiler already keeps publishers to
 * {@link EventType} ({@code EventPublisher.publish} takes nothing else); these checks keep the
 * enum honest against the production sources of every module: each type is published (or, for the
 * outbox and test types, enqueued) somewhere, and no wire name is spelled out as a bare string
 * beside the enum.
 */
class EventCatalogTest {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final List<String> MODULES = List.of("store", "services", "gateway", "api", "app");

  @Test
  void theCatalogIsTheEnum() {
    assertEquals(Arrays.stream(EventType.values()).map(EventType::wire).toList(), EventCatalog.types());
    Map<String, String> described = EventCatalog.described();
    for (EventType t : EventType.values()) {
      assertEquals(t.description(), described.get(t.wire()), t.wire());
      assertTrue(EventCatalog.known(t.wire()));
    }
    assertFalse(EventCatalog.known("session.failed"), "nothing publishes session.failed");
  }

  @Test
  void everyCatalogTypeIsPublishedSomewhere() {
    String sources = productionSources().stream()
        .filter(p -> !p.endsWith("EventType.java") && !p.endsWith("EventCatalog.java"))
        .map(EventCatalogTest::read).collect(Collectors.joining("\n"));
    List<EventType> unused = new ArrayList<>();
    for (EventType t : EventType.values()) {
      if (!Pattern.compile("\\bEventType\\." + t.name() + "\\b").matcher(sources).find()) {
        unused.add(t);
      }
    }
    assertEquals(List.of(), unused, "catalog types nothing publishes");
  }

  @Test
  void noWireNameIsSpelledOutBesideTheEnum() {
    Pattern literal = Pattern.compile("\"(" + Arrays.stream(EventType.values())
        .map(t -> Pattern.quote(t.wire())).collect(Collectors.joining("|")) + ")\"");
    List<String> strays = new ArrayList<>();
    for (Path p : productionSources()) {
      if (p.endsWith("EventType.java")) {
        continue;
      }
      Matcher m = literal.matcher(read(p));
      while (m.find()) {
        strays.add(ROOT.relativize(p) + ": " + m.group());
      }
    }
    assertEquals(List.of(), strays, "event types written as strings instead of EventType");
  }

  private static List<Path> productionSources() {
    List<Path> out = new ArrayList<>();
    for (String module : MODULES) {
      Path dir = ROOT.resolve(module).resolve("src/main/java");
      assertTrue(Files.isDirectory(dir), dir + " (tests run from the module directory)");
      try (Stream<Path> files = Files.walk(dir)) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(out::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
