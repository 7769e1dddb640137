/**
 * The facade's caches (with the KEM wrapper and the verification strategy through which the data path
 * uses them), buffer pool and metric meters. Not exported: reached through the facade and its configuration.
 */
package dev.qsafe.runtime.internal;
