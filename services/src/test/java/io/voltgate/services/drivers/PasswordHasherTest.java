package io.voltgate.services.drivers;

import static io.voltgate.services.drivers.DriverBackends.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Argon2id hashes with the production parameters. */
@Timeout(60)
class PasswordHasherTest {

  private static Vertx vertx;
  private static PasswordHasher hasher;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    hasher = new PasswordHasher(vertx, PasswordHasher.Params.DEFAULT, 2);
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  @Test
  void aHashCarriesItsParametersAndSaltAndVerifiesOnlyItsPassword() {
    String h = await(hasher.hash("correct horse battery"));

    assertTrue(h.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), h);
    assertTrue(await(hasher.verify(h, "correct horse battery")));
    assertFalse(await(hasher.verify(h, "correct horse batterY")));
    assertNotEquals(h, await(hasher.hash("correct horse battery")), "a fresh salt each time");
  }

  @Test
  void aHashWithOtherParametersStillVerifiesAndAsksForARehash() {
    String older = PasswordHasher.encode("pässwörd ünicode", new PasswordHasher.Params(4096, 1, 1));

    assertTrue(await(hasher.verify(older, "pässwörd ünicode")));
    assertTrue(hasher.needsRehash(older));
    assertFalse(hasher.needsRehash(await(hasher.hash("x"))));
  }

  @Test
  void unreadableOrExtravagantHashesAreWrongPasswordsNotErrors() {
    for (String bad : new String[] {null, "", "$2a$10$abcdefghijklmnopqrstuv", "$argon2id$v=19$m=19456,t=2,p=1$AAAA",
        "$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"}) {
      assertFalse(await(hasher.verify(bad, "anything")), String.valueOf(bad));
    }
  }

  @Test
  void hashingRunsOffTheEventLoop() throws Exception {
    java.util.concurrent.CompletableFuture<Boolean> completeOnReturn = new java.util.concurrent.CompletableFuture<>();
    AtomicReference<Future<String>> hash = new AtomicReference<>();
    vertx.runOnContext(v -> {
      hash.set(hasher.hash("on the loop"));
      // Had the hash been computed on this event loop, its future would be complete already.
      completeOnReturn.complete(hash.get().isComplete());
    });

    assertFalse(completeOnReturn.get(5, java.util.concurrent.TimeUnit.SECONDS));
    assertTrue(await(hasher.verify(await(hash.get()), "on the loop")));
  }
}
