/**
 * The event spool: events the Redis stream {@code vg:events} could not take are kept in Postgres
 * ({@code event_spool}) by each event loop's {@link io.voltgate.store.events.EventSpoolWriter} and
 * appended to the stream again, in spool order, by the process's
 * {@link io.voltgate.store.events.EventSpoolDrainer} once Redis answers (RELIABILITY.md, scenario 2).
 */
package io.voltgate.store.events;
