package io.voltgate.api.cpms.fleet;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The SET clause of a partial update: only the fields present in the request body change (an
 * explicit JSON null clears a nullable column). Leading parameters ($1..$k) are fixed by the caller.
 */
public final class SqlPatch {

  private final List<Object> params;
  private final List<String> sets = new ArrayList<>();

  public SqlPatch(Object... leading) {
    this.params = new ArrayList<>(Arrays.asList(leading));
  }

  /** Sets a column to a value. */
  public SqlPatch set(String column, Object value) {
    params.add(value);
    sets.add(column + " = $" + params.size());
    return this;
  }

  /** Sets a column when the body has the key (null stays null), converting non-null values. */
  public SqlPatch setIfPresent(JsonObject body, String key, String column, Function<Object, Object> convert) {
    if (body.containsKey(key)) {
      Object v = body.getValue(key);
      set(column, v == null ? null : convert.apply(v));
    }
    return this;
  }

  /** Sets a column from a string field when the body has the key. */
  public SqlPatch setIfPresent(JsonObject body, String key, String column) {
    return setIfPresent(body, key, column, Function.identity());
  }

  public boolean isEmpty() {
    return sets.isEmpty();
  }

  /** {@code a = $3, b = $4}. */
  public String assignments() {
    return String.join(", ", sets);
  }

  public Tuple tuple() {
    return Tuple.from(params.toArray());
  }
}
