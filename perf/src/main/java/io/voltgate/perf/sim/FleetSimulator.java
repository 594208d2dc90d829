package io.voltgate.perf.sim;

/**
 * Command-line entry of the fleet simulator:
 * {@code java -cp ... io.voltgate.perf.sim.FleetSimulator scenario=fleet chargers=2000 rate=200 ...}
 * (see {@link SimOptions} for every key). Exit code 0 when no charger failed to connect and no
 * CALLERROR or timeout was seen, 1 otherwise, 2 on bad arguments.
 */
public final class FleetSimulator {

  private FleetSimulator() {
  }

  public static void main(String[] args) {
    SimOptions options;
    try {
      options = SimOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("simulator: " + e.getMessage());
      System.exit(2);
      return;
    }
    Stats stats = Fleet.run(options);
    boolean clean = stats.get("connections.failed") == 0 && stats.sumPrefix("callerror.") == 0
        && stats.get("calls.timeout") == 0;
    System.exit(clean ? 0 : 1);
  }
}
