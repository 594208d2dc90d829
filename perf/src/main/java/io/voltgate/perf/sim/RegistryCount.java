package io.voltgate.perf.sim;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.redis.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * perf/fault: counts the connection registry's entries in Redis by the node they name (SCAN over
 * {@code vg:{cp:*}:conn}), and the gateway nodes Redis knows of ({@code vg:nodes}, liveness keys).
 * Prints one line: {@code registry entries=N node-a=n1 node-b=n2 ... nodes=[...] live=[...]}.
 *
 * <pre>java -cp ... io.voltgate.perf.sim.RegistryCount REDIS_URL</pre>
 */
public final class RegistryCount {

  private RegistryCount() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !args[0].contains("@127.")) {
      System.err.println("usage: RegistryCount REDIS_URL (loopback)");
      System.exit(2);
    }
    Vertx vertx = Vertx.vertx();
    try {
      Redis redis = RedisClients.client(vertx, args[0], 2);
      Map<String, Integer> byNode = new TreeMap<>();
      int total = 0;
      String cursor = "0";
      do {
        Response page = Fleet.await(redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH")
            .arg("vg:{cp:*}:conn").arg("COUNT").arg(1000)), 30);
        cursor = page.get(0).toString();
        List<Request> gets = new ArrayList<>();
        for (Response key : page.get(1)) {
          gets.add(Request.cmd(Command.HGET).arg(key.toString()).arg("node"));
        }
        if (!gets.isEmpty()) {
          for (Response node : Fleet.await(redis.batch(gets), 30)) {
            byNode.merge(node == null ? "(none)" : node.toString(), 1, Integer::sum);
            total++;
          }
        }
      } while (!"0".equals(cursor));
      List<String> nodes = new ArrayList<>();
      List<String> live = new ArrayList<>();
      for (Response n : Fleet.await(redis.send(Request.cmd(Command.SMEMBERS).arg(RedisKeys.NODES)), 30)) {
        nodes.add(n.toString());
        if (Fleet.await(redis.send(Request.cmd(Command.EXISTS).arg(RedisKeys.node(n.toString()))), 30).toLong() > 0) {
          live.add(n.toString());
        }
      }
      StringBuilder line = new StringBuilder("registry entries=" + total);
      byNode.forEach((n, c) -> line.append(' ').append(n).append('=').append(c));
      line.append(" nodes=").append(nodes).append(" live=").append(live);
      System.out.println(line);
    } finally {
      Fleet.await(vertx.close(), 10);
    }
  }
}
