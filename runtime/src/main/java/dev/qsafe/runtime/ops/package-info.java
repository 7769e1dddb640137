/**
 * Metrics of a facade as callers read them: counters, latency histograms, recent latencies and the
 * snapshot {@code qsafe status} prints. Recording is the facade's own (package {@code internal}).
 */
package dev.qsafe.runtime.ops;
