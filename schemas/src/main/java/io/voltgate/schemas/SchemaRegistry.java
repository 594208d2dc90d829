package io.voltgate.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every OCPP request and response schema of both versions, compiled once and looked up by
 * (version, action, kind). Schemas live in {@code ocpp/v16} (draft-04) and {@code ocpp/v201}
 * (draft-06) on the classpath, listed by each folder's {@code actions.txt}. Loading fails when a
 * listed schema is missing or does not compile, so a broken registry never reaches a charger.
 */
public final class SchemaRegistry {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<OcppVersion, Map<String, CompiledSchema[]>> schemas;

  private SchemaRegistry(Map<OcppVersion, Map<String, CompiledSchema[]>> schemas) {
    this.schemas = schemas;
  }

  /** Loads and compiles every schema of both versions. Blocking (class-path reads). */
  public static SchemaRegistry loadAll() {
    Map<OcppVersion, Map<String, CompiledSchema[]>> all = new EnumMap<>(OcppVersion.class);
    for (OcppVersion version : OcppVersion.values()) {
      all.put(version, load(version));
    }
    return new SchemaRegistry(all);
  }

  private static Map<String, CompiledSchema[]> load(OcppVersion version) {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(version == OcppVersion.V16
        ? SpecVersion.VersionFlag.V4 : SpecVersion.VersionFlag.V6);
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
        .formatAssertionsEnabled(true)
        .build();
    Map<String, CompiledSchema[]> byAction = new HashMap<>();
    for (String action : listActions(version)) {
      CompiledSchema[] pair = new CompiledSchema[2];
      for (MessageKind kind : MessageKind.values()) {
        String name = action + kind.suffix();
        JsonNode node = readJson("ocpp/" + version.resourceDir() + "/" + name + ".json");
        pair[kind.ordinal()] = new CompiledSchema(name, factory.getSchema(node, config));
      }
      byAction.put(action, pair);
    }
    return Collections.unmodifiableMap(byAction);
  }

  private static Set<String> listActions(OcppVersion version) {
    String path = "ocpp/" + version.resourceDir() + "/actions.txt";
    Set<String> actions = new LinkedHashSet<>();
    try (InputStream in = resource(path);
         BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          actions.add(line.trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return actions;
  }

  private static JsonNode readJson(String path) {
    try (InputStream in = resource(path)) {
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("schema " + path + " is not valid JSON", e);
    }
  }

  private static InputStream resource(String path) {
    InputStream in = SchemaRegistry.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("missing schema resource " + path);
    }
    return in;
  }

  /** The compiled schema, or empty when the action is not part of that version. */
  public Optional<CompiledSchema> find(OcppVersion version, String action, MessageKind kind) {
    CompiledSchema[] pair = schemas.get(version).get(action);
    return pair == null ? Optional.empty() : Optional.of(pair[kind.ordinal()]);
  }

  /** Every action of a version that has both schemas. */
  public Set<String> actions(OcppVersion version) {
    return schemas.get(version).keySet();
  }
}
