package io.voltgate.api.http;

import java.math.BigDecimal;
import java.util.List;

/**
 * A CSV document per RFC 4180: a header line, CRLF line ends, and a field quoted (with its quotes
 * doubled) exactly when it contains a comma, a double quote, CR or LF. Null is an empty field;
 * numbers are written plainly (no exponent). Text beginning with {@code = + - @}, TAB or CR is
 * prefixed with a single quote so spreadsheets do not run it as a formula (CSV injection).
 */
public final class CsvTable {

  private final int columns;
  private final StringBuilder out = new StringBuilder();

  public CsvTable(List<String> header) {
    this.columns = header.size();
    line(header.toArray());
  }

  /** Appends one record; it must have as many fields as the header. */
  public CsvTable row(Object... fields) {
    if (fields.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " fields, got " + fields.length);
    }
    line(fields);
    return this;
  }

  private void line(Object[] fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(fields[i]));
    }
    out.append("\r\n");
  }

  /** One field, escaped. */
  static String field(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    String text = value.toString();
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
