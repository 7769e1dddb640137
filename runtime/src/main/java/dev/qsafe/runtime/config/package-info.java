/**
 * The configuration: file, properties and builder ({@link dev.qsafe.runtime.config.QSafeConfig}) and the runtime
 * settings of caches, pool, batches and metrics.
 */
package dev.qsafe.runtime.config;
