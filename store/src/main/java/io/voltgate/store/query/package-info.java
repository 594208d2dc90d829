/**
 * The read and write queries behind the operator API, one class per resource. Every method on
 * network-owned data takes a {@link io.voltgate.store.query.Scope}; ids outside the scope behave as
 * unknown ids (empty results), which the API answers with 404. Paged lists go through
 * {@link io.voltgate.store.query.Paging}.
 */
package io.voltgate.store.query;
