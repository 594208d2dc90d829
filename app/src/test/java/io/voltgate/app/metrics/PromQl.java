package io.voltgate.app.metrics;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts the metric names a PromQL expression selects, with a small tokenizer: string literals,
 * label matchers ({@code {...}}), range and subquery brackets, Grafana variables and grouping label
 * lists ({@code by (...)}, {@code on (...)}, ...) are dropped; of the remaining identifiers, those
 * followed by {@code (} are functions or aggregations, keywords are skipped, the rest are metrics.
 */
final class PromQl {

  private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern GROUPING = Pattern.compile(
      "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
  private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_]\\w*\\s*\\)\\s*$");
  private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
      "group_right", "offset", "bool", "and", "or", "unless", "atan2", "inf", "nan", "sum", "avg", "min",
      "max", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group", "limitk",
      "limit_ratio");

  private PromQl() {
  }

  /** Metric names selected by a PromQL expression. */
  static Set<String> metricNames(String expr) {
    String s = stripStrings(expr);
    s = strip(s, '{', '}');
    s = strip(s, '[', ']');
    s = s.replaceAll("\\$\\{[^}]*}|\\$\\w+", " ");
    s = GROUPING.matcher(s).replaceAll(" ");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = IDENT.matcher(s);
    while (m.find()) {
      int before = m.start() - 1;
      if (before >= 0 && (Character.isDigit(s.charAt(before)) || s.charAt(before) == '.')) {
        continue; // exponent or duration unit, e.g. 1e9, 5m
      }
      int after = m.end();
      while (after < s.length() && Character.isWhitespace(s.charAt(after))) {
        after++;
      }
      boolean call = after < s.length() && s.charAt(after) == '(';
      if (!call && !KEYWORDS.contains(m.group().toLowerCase(java.util.Locale.ROOT))) {
        names.add(m.group());
      }
    }
    return names;
  }

  /** Metric names of a Grafana template-variable query ({@code label_values(metric, label)} or PromQL). */
  static Set<String> templateMetricNames(String query) {
    Matcher lv = LABEL_VALUES.matcher(query);
    if (lv.matches()) {
      return metricNames(lv.group(1));
    }
    if (query.trim().matches("label_values\\(\\s*\\w+\\s*\\)")) {
      return Set.of();
    }
    return metricNames(query);
  }

  private static String stripStrings(String s) {
    StringBuilder out = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++;
        } else if (c == quote) {
          quote = 0;
          out.append("\"\"");
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else {
        out.append(c);
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unterminated string in " + s);
    }
    return out.toString();
  }

  /** Removes every {@code open ... close} span (nesting-aware). */
  private static String strip(String s, char open, char close) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == open) {
        depth++;
      } else if (c == close) {
        if (depth == 0) {
          throw new IllegalArgumentException("unbalanced " + close + " in " + s);
        }
        depth--;
        if (depth == 0) {
          out.append(' ');
        }
      } else if (depth == 0) {
        out.append(c);
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("unbalanced " + open + " in " + s);
    }
    return out.toString();
  }
}
