/** Operational endpoints every process serves: health and metrics. */
package io.voltgate.api.ops;
