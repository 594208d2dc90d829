package io.voltgate.perf.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * A concurrent log-linear latency histogram in microseconds, like HdrHistogram with 2-3 significant
 * digits: values below 256 µs are exact; above, each power of two is split into 128 linear
 * sub-buckets, so a reported percentile is within 0.8 % of the true value. Range 0 µs .. 2^40 µs.
 * Recording is one atomic increment; histograms merge by adding counts (several processes).
 */
public final class LatencyHistogram {

  private static final int SUB_BITS = 7;
  private static final int SUB = 1 << SUB_BITS;          // 128 sub-buckets per power of two
  private static final int MAX_EXP = 40;
  private static final int BUCKETS = 2 * SUB + (MAX_EXP - SUB_BITS - 1) * SUB;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final LongAccumulator max = new LongAccumulator(Math::max, 0);

  /** Records a latency given in nanoseconds. */
  public void recordNanos(long nanos) {
    recordMicros(Math.max(0, nanos / 1_000));
  }

  public void recordMicros(long micros) {
    counts.incrementAndGet(index(micros));
    max.accumulate(micros);
  }

  static int index(long v) {
    if (v < 2 * SUB) {
      return (int) v;
    }
    int exp = 63 - Long.numberOfLeadingZeros(v);   // v in [2^exp, 2^(exp+1))
    if (exp > MAX_EXP) {
      return BUCKETS - 1;
    }
    int shift = exp - SUB_BITS;
    int sub = (int) (v >>> shift) - SUB;            // 0..127
    return 2 * SUB + (exp - SUB_BITS - 1) * SUB + sub;
  }

  /** The highest value a bucket holds (what percentiles report, like HdrHistogram's equivalent value). */
  static long upper(int index) {
    if (index < 2 * SUB) {
      return index;
    }
    int rel = index - 2 * SUB;
    int exp = rel / SUB + SUB_BITS + 1;
    int sub = rel % SUB;
    int shift = exp - SUB_BITS;
    return (((long) SUB + sub) << shift) + (1L << shift) - 1;
  }

  public long count() {
    long n = 0;
    for (int i = 0; i < BUCKETS; i++) {
      n += counts.get(i);
    }
    return n;
  }

  public long maxMicros() {
    return max.get();
  }

  /** The value at percentile p (0..100) in microseconds, bounded by the recorded maximum. */
  public long percentileMicros(double p) {
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return Math.min(upper(i), max.get());
      }
    }
    return max.get();
  }

  public double meanMicros() {
    long total = 0;
    double sum = 0;
    for (int i = 0; i < BUCKETS; i++) {
      long c = counts.get(i);
      if (c != 0) {
        total += c;
        long lo = i == 0 ? 0 : upper(i - 1) + 1;
        sum += c * (lo + upper(i)) / 2.0;
      }
    }
    return total == 0 ? 0 : sum / total;
  }

  public void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      long c = other.counts.get(i);
      if (c != 0) {
        counts.addAndGet(i, c);
      }
    }
    max.accumulate(other.max.get());
  }

  /** Sparse form: {"max": µs, "b": [[index, count], ...]}. */
  public JsonObject toJson() {
    JsonArray b = new JsonArray();
    for (int i = 0; i < BUCKETS; i++) {
      long c = counts.get(i);
      if (c != 0) {
        b.add(new JsonArray().add(i).add(c));
      }
    }
    return new JsonObject().put("max", max.get()).put("b", b);
  }

  public static LatencyHistogram fromJson(JsonObject j) {
    LatencyHistogram h = new LatencyHistogram();
    for (Object o : j.getJsonArray("b")) {
      JsonArray pair = (JsonArray) o;
      h.counts.addAndGet(pair.getInteger(0), pair.getLong(1));
    }
    h.max.accumulate(j.getLong("max"));
    return h;
  }
}
