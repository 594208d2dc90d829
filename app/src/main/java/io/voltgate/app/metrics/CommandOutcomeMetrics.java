package io.voltgate.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.voltgate.metrics.MetricNames;
import io.voltgate.store.commands.Command;
import io.voltgate.store.commands.CommandOutcome;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * {@code voltgate_commands_outcomes_total{op, outcome}}: every command sent from this node, counted
 * where it was sent (so {@code offline} ones, which never reach a gateway, are counted too). Labels
 * come from enums only: the facade op and the outcome kind.
 */
public final class CommandOutcomeMetrics implements BiConsumer<String, CommandOutcome.Kind> {

  private final Counter[][] counters;

  public CommandOutcomeMetrics(MeterRegistry registry) {
    Objects.requireNonNull(registry);
    Command.Op[] ops = Command.Op.values();
    CommandOutcome.Kind[] kinds = CommandOutcome.Kind.values();
    counters = new Counter[ops.length][kinds.length];
    for (Command.Op op : ops) {
      for (CommandOutcome.Kind kind : kinds) {
        counters[op.ordinal()][kind.ordinal()] = Counter.builder(MetricNames.COMMAND_OUTCOMES)
            .description("Commands sent to chargers from this node, by facade op and outcome")
            .tag("op", op.name().toLowerCase(Locale.ROOT)).tag("outcome", kind.wire())
            .register(registry);
      }
    }
  }

  @Override
  public void accept(String op, CommandOutcome.Kind kind) {
    Command.Op parsed;
    try {
      parsed = Command.Op.valueOf(op);
    } catch (RuntimeException e) {
      return;
    }
    counters[parsed.ordinal()][kind.ordinal()].increment();
  }
}
