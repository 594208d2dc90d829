package io.voltgate.store.redis;

import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a Redis stream as {@code XREADGROUP} or {@code XAUTOCLAIM} returns it.
 *
 * @param id the entry id ({@code ms-seq})
 * @param fields the flat {@code [field, value, ...]} list, or null when the entry was trimmed from
 *     the stream after it was delivered (it is still pending and must be acknowledged)
 */
public record StreamEntry(String id, Response fields) {

  /** True when the entry's content is gone (trimmed by {@code MAXLEN}); only its id is left. */
  public boolean trimmed() {
    return fields == null;
  }

  /** The value of one field, or null when absent (or trimmed). Looks no further than needed. */
  public String field(String name) {
    if (fields == null) {
      return null;
    }
    if (fields.isMap()) {
      Response v = fields.get(name);
      return v == null ? null : v.toString();
    }
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      if (name.equals(fields.get(i).toString())) {
        Response v = fields.get(i + 1);
        return v == null ? null : v.toString();
      }
    }
    return null;
  }

  /** {@code [id, fields]} → an entry; null for a missing entry. */
  static StreamEntry of(Response entry) {
    if (entry == null || entry.size() < 1 || entry.get(0) == null) {
      return null;
    }
    return new StreamEntry(entry.get(0).toString(), entry.size() > 1 ? entry.get(1) : null);
  }

  /** The entries of {@code stream} in an {@code XREAD}/{@code XREADGROUP} reply: a RESP2 array of
   *  {@code [stream, entries]} pairs or a RESP3 map stream → entries; empty on a timeout (null). */
  public static List<StreamEntry> fromRead(Response reply, String stream) {
    if (reply == null) {
      return List.of();
    }
    if (reply.isMap()) {
      return list(reply.get(stream));
    }
    for (Response pair : reply) {
      if (pair != null && pair.size() == 2 && stream.equals(pair.get(0).toString())) {
        return list(pair.get(1));
      }
    }
    return List.of();
  }

  /** The claimed entries of an {@code XAUTOCLAIM} reply {@code [cursor, entries, deleted ids]}. */
  public static List<StreamEntry> fromAutoClaim(Response reply) {
    return reply == null || reply.size() < 2 ? List.of() : list(reply.get(1));
  }

  private static List<StreamEntry> list(Response entries) {
    List<StreamEntry> out = new ArrayList<>();
    if (entries != null) {
      for (Response raw : entries) {
        StreamEntry e = of(raw);
        if (e != null) {
          out.add(e);
        }
      }
    }
    return out;
  }
}
