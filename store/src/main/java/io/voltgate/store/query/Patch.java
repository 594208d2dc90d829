package io.voltgate.store.query;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The fields a partial update changes: only fields present in the request body are set (an explicit
 * JSON null clears a nullable column). Callers name fields by the query class's own {@link Field}
 * enum, so column names stay in the query layer; the query class places the assignments after its
 * own parameters, so callers never count placeholders.
 */
public final class Patch {

  /** A field a query class lets callers change (its constants), and the column it is stored in. */
  public record Field(String column) {
  }

  private final List<String> columns = new ArrayList<>();
  private final List<Object> values = new ArrayList<>();

  /** Sets a field to a value. */
  public Patch set(Field field, Object value) {
    columns.add(field.column());
    values.add(value);
    return this;
  }

  /** Sets a field when the body has the key (null stays null), converting non-null values. */
  public Patch setIfPresent(JsonObject body, String key, Field field, Function<Object, Object> convert) {
    if (body.containsKey(key)) {
      Object v = body.getValue(key);
      set(field, v == null ? null : convert.apply(v));
    }
    return this;
  }

  /** Sets a field from a body value taken as is, when the body has the key. */
  public Patch setIfPresent(JsonObject body, String key, Field field) {
    return setIfPresent(body, key, field, Function.identity());
  }

  public boolean isEmpty() {
    return columns.isEmpty();
  }

  /** The columns set, in order (an INSERT lists them). */
  List<String> columns() {
    return List.copyOf(columns);
  }

  /** {@code a = $first, b = $first+1, ...}. */
  String assignments(int first) {
    List<String> sets = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      sets.add(columns.get(i) + " = $" + (first + i));
    }
    return String.join(", ", sets);
  }

  /** The leading parameters followed by the patch's values. */
  Tuple tuple(Tuple leading) {
    values.forEach(leading::addValue);
    return leading;
  }
}
