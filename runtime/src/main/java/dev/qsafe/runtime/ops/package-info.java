/**
 * Metrics of a facade: counters, latency histograms, recent latencies and the snapshot {@code qsafe status} prints.
 */
package dev.qsafe.runtime.ops;
