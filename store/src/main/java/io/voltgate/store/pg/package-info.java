/** Postgres: reactive pool and Flyway migrations. */
package io.voltgate.store.pg;
