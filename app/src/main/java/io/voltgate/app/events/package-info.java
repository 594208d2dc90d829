/** The process's event-spool drainer (RELIABILITY.md, scenario 2). */
package io.voltgate.app.events;
