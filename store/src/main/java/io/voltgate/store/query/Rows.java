package io.voltgate.store.query;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small conversions of a result set shared by the query classes. */
final class Rows {

  private Rows() {
  }

  static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  static List<Row> list(RowSet<Row> rows) {
    List<Row> out = new ArrayList<>(rows.size());
    rows.forEach(out::add);
    return out;
  }
}
