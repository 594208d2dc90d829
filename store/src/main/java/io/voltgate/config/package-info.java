/** Configuration keys and their sources (environment, optional file, command line). */
package io.voltgate.config;
