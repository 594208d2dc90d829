/** Embedded Postgres and Redis for the default run and for tests (binaries from Maven Central). */
package io.voltgate.store.embedded;
