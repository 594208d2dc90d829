package io.voltgate.app.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4: HELP and TYPE lines, sample lines
 * {@code name{labels} value [timestamp]} with label escaping, every sample belonging to a family
 * declared by a TYPE line before it, families contiguous, no duplicate series, well-formed histograms.
 * Throws {@link IllegalArgumentException} naming the line for anything else.
 */
final class PrometheusText {

  record Sample(String name, Map<String, String> labels, double value, Long timestamp) {
  }

  record Family(String name, String type, String help, List<Sample> samples) {
  }

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern FLOAT = Pattern.compile(
      "[+-]?((\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|Inf)|NaN");
  private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

  private final Map<String, String> types = new HashMap<>();
  private final Map<String, String> helps = new HashMap<>();
  private final Map<String, List<Sample>> families = new LinkedHashMap<>();
  private final Set<String> closed = new HashSet<>();
  private final Set<String> series = new HashSet<>();
  private String current;
  private int lineNo;

  private PrometheusText() {
  }

  /** Parses a whole exposition; the map is keyed by family name in exposition order. */
  static Map<String, Family> parse(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("exposition does not end with a line feed");
    }
    PrometheusText p = new PrometheusText();
    for (String line : text.split("\n", -1)) {
      p.lineNo++;
      try {
        p.line(line);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + p.lineNo + ": " + e.getMessage() + ": " + line, e);
      }
    }
    Map<String, Family> result = new LinkedHashMap<>();
    p.families.forEach((name, samples) -> result.put(name, new Family(name, p.types.get(name), p.helps.get(name), samples)));
    result.values().forEach(PrometheusText::checkFamily);
    return result;
  }

  private void line(String line) {
    if (line.isEmpty()) {
      return;
    }
    if (line.startsWith("#")) {
      comment(line);
    } else {
      sample(line);
    }
  }

  private void comment(String line) {
    String[] parts = line.split(" ", 4);
    if (parts.length < 3 || !parts[0].equals("#") || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
      return; // a plain comment
    }
    String name = parts[2];
    require(METRIC_NAME.matcher(name).matches(), "invalid metric name " + name);
    if (parts[1].equals("HELP")) {
      require(!helps.containsKey(name), "second HELP for " + name);
      String doc = parts.length == 4 ? parts[3] : "";
      checkEscapes(doc, false);
      helps.put(name, doc);
    } else {
      require(parts.length == 4 && TYPES.contains(parts[3]), "invalid TYPE line");
      require(!types.containsKey(name), "second TYPE for " + name);
      require(families.getOrDefault(name, List.of()).isEmpty(), "TYPE for " + name + " after its samples");
      types.put(name, parts[3]);
    }
    enter(name);
    families.computeIfAbsent(name, n -> new ArrayList<>());
  }

  private void sample(String line) {
    int i = 0;
    int n = line.length();
    while (i < n && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_' || line.charAt(i) == ':')) {
      i++;
    }
    String name = line.substring(0, i);
    require(METRIC_NAME.matcher(name).matches(), "invalid metric name '" + name + "'");
    Map<String, String> labels = new TreeMap<>();
    if (i < n && line.charAt(i) == '{') {
      i = labels(line, i + 1, labels);
    }
    require(i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t'), "no whitespace before the value");
    String[] rest = line.substring(i).trim().split("[ \t]+");
    require(rest.length == 1 || rest.length == 2, "expected a value and an optional timestamp");
    require(FLOAT.matcher(rest[0]).matches(), "invalid value " + rest[0]);
    Long ts = null;
    if (rest.length == 2) {
      require(TIMESTAMP.matcher(rest[1]).matches(), "invalid timestamp " + rest[1]);
      ts = Long.parseLong(rest[1]);
    }
    String family = familyOf(name, labels);
    enter(family);
    require(series.add(name + labels), "duplicate series " + name + labels);
    families.computeIfAbsent(family, k -> new ArrayList<>()).add(new Sample(name, Map.copyOf(labels), parseValue(rest[0]), ts));
  }

  /** Parses {@code a="x",b="y"}; returns the index after the closing brace. */
  private static int labels(String line, int i, Map<String, String> labels) {
    int n = line.length();
    while (true) {
      require(i < n, "unterminated label set");
      if (line.charAt(i) == '}') {
        return i + 1;
      }
      int start = i;
      while (i < n && line.charAt(i) != '=') {
        i++;
      }
      String label = line.substring(start, i);
      require(LABEL_NAME.matcher(label).matches(), "invalid label name '" + label + "'");
      require(!label.startsWith("__"), "reserved label name " + label);
      require(i + 1 < n && line.charAt(i + 1) == '"', "label value of " + label + " is not quoted");
      i += 2;
      StringBuilder value = new StringBuilder();
      while (true) {
        require(i < n, "unterminated label value of " + label);
        char c = line.charAt(i);
        if (c == '"') {
          break;
        }
        if (c == '\\') {
          require(i + 1 < n, "dangling escape");
          char e = line.charAt(i + 1);
          value.append(switch (e) {
            case '\\' -> '\\';
            case '"' -> '"';
            case 'n' -> '\n';
            default -> throw new IllegalArgumentException("invalid escape \\" + e + " in label " + label);
          });
          i += 2;
        } else {
          value.append(c);
          i++;
        }
      }
      require(labels.put(label, value.toString()) == null, "duplicate label " + label);
      i++; // closing quote
      require(i < n, "unterminated label set");
      if (line.charAt(i) == ',') {
        i++;
      } else {
        require(line.charAt(i) == '}', "expected , or } after label " + label);
      }
    }
  }

  /** The TYPE-declared family a sample belongs to. */
  private String familyOf(String name, Map<String, String> labels) {
    String type = types.get(name);
    if (type != null) {
      require(!type.equals("histogram"), "histogram sample without _bucket/_count/_sum suffix");
      if (type.equals("summary")) {
        require(labels.containsKey("quantile"), "summary sample without quantile label");
      }
      return name;
    }
    for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        String baseType = types.get(base);
        if ("histogram".equals(baseType) || ("summary".equals(baseType) && !suffix.equals("_bucket"))) {
          if (suffix.equals("_bucket")) {
            require(labels.containsKey("le"), "histogram bucket without le");
          }
          return base;
        }
      }
    }
    throw new IllegalArgumentException("sample " + name + " belongs to no family declared by a TYPE line");
  }

  /** Families must be contiguous: once another family started, an earlier one may not continue. */
  private void enter(String family) {
    if (family.equals(current)) {
      return;
    }
    require(!closed.contains(family), "family " + family + " is not contiguous");
    if (current != null) {
      closed.add(current);
    }
    current = family;
  }

  private static void checkFamily(Family f) {
    require(f.type() != null, "family " + f.name() + " has no TYPE");
    if (f.type().equals("counter")) {
      f.samples().forEach(s -> require(s.value() >= 0, "negative counter " + s));
    }
    if (!f.type().equals("histogram")) {
      return;
    }
    Map<Map<String, String>, List<Sample>> buckets = new HashMap<>();
    Map<Map<String, String>, Double> counts = new HashMap<>();
    Set<Map<String, String>> sums = new HashSet<>();
    for (Sample s : f.samples()) {
      Map<String, String> key = new TreeMap<>(s.labels());
      key.remove("le");
      if (s.name().endsWith("_bucket")) {
        buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
      } else if (s.name().endsWith("_count")) {
        counts.put(key, s.value());
      } else {
        sums.add(key);
      }
    }
    require(buckets.keySet().equals(counts.keySet()) && counts.keySet().equals(sums),
        "histogram " + f.name() + " lacks _bucket, _count or _sum for some series");
    buckets.forEach((key, list) -> {
      double lastLe = Double.NEGATIVE_INFINITY;
      double lastCount = 0;
      for (Sample b : list) {
        double le = parseValue(b.labels().get("le"));
        require(le > lastLe, "histogram " + f.name() + key + " buckets not in increasing le order");
        require(b.value() >= lastCount, "histogram " + f.name() + key + " buckets not cumulative");
        lastLe = le;
        lastCount = b.value();
      }
      require(lastLe == Double.POSITIVE_INFINITY, "histogram " + f.name() + key + " has no +Inf bucket");
      require(lastCount == counts.get(key), "histogram " + f.name() + key + " +Inf bucket differs from _count");
    });
  }

  private static void checkEscapes(String doc, boolean quotes) {
    for (int i = 0; i < doc.length(); i++) {
      if (doc.charAt(i) == '\\') {
        require(i + 1 < doc.length(), "dangling escape");
        char e = doc.charAt(++i);
        require(e == '\\' || e == 'n' || (quotes && e == '"'), "invalid escape \\" + e);
      }
    }
  }

  private static double parseValue(String v) {
    require(v != null && FLOAT.matcher(v).matches(), "invalid number " + v);
    return switch (v) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(v);
    };
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
