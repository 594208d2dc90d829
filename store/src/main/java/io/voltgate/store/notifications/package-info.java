/** Postgres side of outgoing notifications: the mail outbox. */
package io.voltgate.store.notifications;
