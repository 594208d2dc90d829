package io.voltgate.store.query;

import java.util.List;

/**
 * One keyset page of rows read with {@code LIMIT limit + 1}: the first {@code limit} rows and, when
 * the extra row was there (more follow), the last row shown, whose ordering key starts the next page.
 */
record KeysetSlice<T>(List<T> rows, T last) {

  static <T> KeysetSlice<T> of(List<T> read, int limit) {
    return read.size() <= limit ? new KeysetSlice<>(read, null)
        : new KeysetSlice<>(read.subList(0, limit), read.get(limit - 1));
  }
}
