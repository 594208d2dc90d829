/** Live control of chargers, diagnostics, smart charging and session interventions (cpms). */
package io.voltgate.api.control;
