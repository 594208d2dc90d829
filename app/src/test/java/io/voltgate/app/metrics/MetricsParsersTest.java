package io.voltgate.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The test's own tools: the strict exposition parser and the PromQL metric-name tokenizer. */
class MetricsParsersTest {

  private static final String VALID = """
      # HELP a_total Things, with a \\\\ and a \\n.
      # TYPE a_total counter
      a_total{x="q\\"uote",y="back\\\\slash\\nline",} 3.0
      a_total 1 1712345678901
      # TYPE h_seconds histogram
      h_seconds_bucket{le="0.1"} 1
      h_seconds_bucket{le="+Inf"} 2
      h_seconds_count 2
      h_seconds_sum 0.3
      # a plain comment
      # TYPE g gauge
      g NaN
      g{k="v"} -Inf
      """;

  @Test
  void parsesAValidExposition() {
    Map<String, PrometheusText.Family> f = PrometheusText.parse(VALID);
    assertEquals(Set.of("a_total", "h_seconds", "g"), f.keySet());
    assertEquals("q\"uote", f.get("a_total").samples().get(0).labels().get("x"));
    assertEquals("back\\slash\nline", f.get("a_total").samples().get(0).labels().get("y"));
    assertEquals(1712345678901L, f.get("a_total").samples().get(1).timestamp());
    assertEquals(4, f.get("h_seconds").samples().size());
  }

  @Test
  void rejectsWhatPrometheusWouldReject() {
    String[] bad = {
        "x 1\n", // no TYPE
        "# TYPE x gauge\nx{a=\"b\"} one\n", // value
        "# TYPE x gauge\nx{a=\"b\\t\"} 1\n", // escape
        "# TYPE x gauge\nx{a=b} 1\n", // unquoted
        "# TYPE x gauge\nx{a=\"1\",a=\"2\"} 1\n", // duplicate label
        "# TYPE x gauge\nx{1a=\"1\"} 1\n", // label name
        "# TYPE x gauge\nx 1\nx 2\n", // duplicate series
        "# TYPE x gauge\n# TYPE y gauge\nx 1\ny 1\nx{a=\"b\"} 1\n", // not contiguous
        "# TYPE x gauge\nx 1\n# TYPE x gauge\n", // second TYPE
        "# TYPE x gauge\nx 1 1.5\n", // timestamp
        "# TYPE x gauge\nx 1", // no final line feed
        "# TYPE x wobble\n", // type
        "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\nh_sum 1\n", // no +Inf
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\n", // not cumulative
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 1\nh_sum 1\n", // count differs
        "# TYPE c counter\nc -1\n", // negative counter
    };
    for (String text : bad) {
      assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(text), text);
    }
  }

  @Test
  void findsTheMetricsOfAnExpression() {
    assertEquals(Set.of("a_bucket", "b_total", "c"), PromQl.metricNames(
        "histogram_quantile(0.99, sum by (le, action) (rate(a_bucket{x=\"y{z}\", node=~\"$node\"}[$__rate_interval])))"
            + " / on(node) group_left b_total > bool 1e-3 or max without (k) (c offset 5m) * 3600"));
    assertEquals(Set.of("m"), PromQl.metricNames("sum(increase(m[$__range])) / 1000"));
    assertEquals(Set.of("up"), PromQl.metricNames("count(up == 1) and on () vector(1)"));
    assertEquals(Set.of("jvm_info"), PromQl.templateMetricNames("label_values(jvm_info{a=\"b\"}, node)"));
    assertEquals(Set.of(), PromQl.templateMetricNames("label_values(node)"));
    assertThrows(IllegalArgumentException.class, () -> PromQl.metricNames("sum(rate(x{a=\"b\"[5m]))"));
  }
}
