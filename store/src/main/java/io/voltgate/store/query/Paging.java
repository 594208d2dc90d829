package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one paged read: {@code SELECT columns, count(*) OVER () ... ORDER BY ... LIMIT/OFFSET} in a
 * single round trip, the total read from the window column of any row.
 */
public final class Paging {

  /** Name of the window column; unlikely to clash with a table's own (transactions has a "total"). */
  static final String TOTAL = "vg_page_total";

  private Paging() {
  }

  /**
   * A page of {@code SELECT <columns> <fromWhere> ORDER BY <orderBy>}; {@code params} are $1..$k of
   * {@code fromWhere}, LIMIT and OFFSET become $k+1 and $k+2.
   */
  public static <T> Future<Page<T>> page(SqlClient pg, String columns, String fromWhere, String orderBy, Tuple params,
      int limit, int offset, Function<Row, T> map) {
    int k = params.size();
    String sql = "SELECT " + columns + ", count(*) OVER () AS " + TOTAL + " " + fromWhere + " ORDER BY " + orderBy
        + " LIMIT $" + (k + 1) + " OFFSET $" + (k + 2);
    return pg.preparedQuery(sql).execute(params.addValue(limit).addValue(offset)).map(rows -> {
      List<T> items = new ArrayList<>(rows.size());
      long total = 0;
      for (Row r : rows) {
        total = r.getLong(TOTAL);
        items.add(map.apply(r));
      }
      return new Page<>(items, total);
    });
  }
}
