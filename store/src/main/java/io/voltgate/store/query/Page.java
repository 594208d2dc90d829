package io.voltgate.store.query;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list and how many items the whole list holds.
 *
 * <p>The total comes from the page's own rows ({@code count(*) OVER ()}), so a page past the end
 * reports a total of 0: that is what the API has always answered.
 */
public record Page<T>(List<T> items, long total) {

  public Page {
    items = List.copyOf(items);
  }

  public <R> Page<R> map(Function<? super T, ? extends R> f) {
    return new Page<>(items.stream().<R>map(f).toList(), total);
  }
}
