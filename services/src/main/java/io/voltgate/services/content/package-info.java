/**
 * What drivers contribute through the eMSP API, below HTTP: problem reports at locations, stored and
 * raised to the operator as an event ({@link io.voltgate.services.content.ProblemReports}), and the
 * rules of notification preferences ({@link io.voltgate.services.content.NotificationPreferences}:
 * the allowed channels and events, defaults, contact checks). Favourites and reviews are plain
 * queries ({@code store.query.FavoriteQueries}, {@code ReviewQueries}). docs/emsp.md has the limits.
 */
package io.voltgate.services.content;
