package io.voltgate.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SchemaRegistryTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static SchemaRegistry registry;

  @BeforeAll
  static void load() {
    registry = SchemaRegistry.loadAll();
  }

  @Test
  void everyActionOfBothVersionsHasRequestAndResponseSchemas() {
    assertEquals(39, registry.actions(OcppVersion.V16).size());
    assertEquals(64, registry.actions(OcppVersion.V201).size());
    for (OcppVersion v : OcppVersion.values()) {
      for (String action : registry.actions(v)) {
        assertTrue(registry.find(v, action, MessageKind.REQUEST).isPresent(), v + " " + action);
        assertTrue(registry.find(v, action, MessageKind.RESPONSE).isPresent(), v + " " + action);
      }
    }
    assertTrue(registry.find(OcppVersion.V16, "TransactionEvent", MessageKind.REQUEST).isEmpty());
    assertTrue(registry.find(OcppVersion.V201, "StartTransaction", MessageKind.REQUEST).isEmpty());
  }

  @TestFactory
  Stream<DynamicTest> specExamplesConformToTheirSchemas() throws Exception {
    return examples("examples").map(file -> DynamicTest.dynamicTest(label(file), () -> {
      List<Violation> violations = schemaFor(file).validate(read(file));
      assertTrue(violations.isEmpty(), file + " → " + violations);
    }));
  }

  @TestFactory
  Stream<DynamicTest> brokenPayloadsAreRejected() throws Exception {
    return examples("invalid").map(file -> DynamicTest.dynamicTest(label(file), () ->
        assertFalse(schemaFor(file).validate(read(file)).isEmpty(), file + " was accepted")));
  }

  @Test
  void everyActionHasAValidExampleOfBothHalves() throws Exception {
    for (OcppVersion v : OcppVersion.values()) {
      Path dir = root("examples").resolve(v == OcppVersion.V16 ? "v16" : "v201");
      for (String action : registry.actions(v)) {
        assertTrue(Files.exists(dir.resolve(action + "Request.json")), v + " " + action + " request example");
        assertTrue(Files.exists(dir.resolve(action + "Response.json")), v + " " + action + " response example");
      }
    }
  }

  private static Stream<Path> examples(String kind) throws IOException, URISyntaxException {
    Path root = root(kind);
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  private static Path root(String kind) throws URISyntaxException {
    return Path.of(SchemaRegistryTest.class.getClassLoader().getResource(kind).toURI());
  }

  private static CompiledSchema schemaFor(Path file) {
    OcppVersion version = file.getParent().getFileName().toString().equals("v16") ? OcppVersion.V16 : OcppVersion.V201;
    String name = file.getFileName().toString();
    String base = name.substring(0, name.indexOf('.'));
    MessageKind kind = base.endsWith("Request") ? MessageKind.REQUEST : MessageKind.RESPONSE;
    String action = base.substring(0, base.length() - (kind == MessageKind.REQUEST ? 7 : 8));
    return registry.find(version, action, kind).orElseThrow(() -> new AssertionError("no schema for " + file));
  }

  private static JsonNode read(Path file) throws IOException {
    return MAPPER.readTree(file.toFile());
  }

  private static String label(Path file) {
    return file.getParent().getFileName() + "/" + file.getFileName();
  }

  /** Was: a NumberFormatException out of the validator (found by the OCPP fuzzer); the CALL went unanswered. */
  @Test
  void aNumberOutOfDoubleRangeInAnEnumFieldIsATypeViolation() throws IOException {
    CompiledSchema status16 = registry.find(OcppVersion.V16, "StatusNotification", MessageKind.REQUEST).orElseThrow();
    List<Violation> v = status16.validate(MAPPER.readTree("{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":1e309}"));
    org.junit.jupiter.api.Assertions.assertEquals(1, v.size(), v.toString());
    org.junit.jupiter.api.Assertions.assertEquals("type", v.get(0).keyword());
    CompiledSchema status201 = registry.find(OcppVersion.V201, "StatusNotification", MessageKind.REQUEST).orElseThrow();
    assertTrue(!status201.validate(MAPPER.readTree("{\"timestamp\":\"2026-12-06T05:00:00Z\",\"connectorStatus\":-1e400,"
        + "\"evseId\":1,\"connectorId\":1}")).isEmpty());
  }
}
