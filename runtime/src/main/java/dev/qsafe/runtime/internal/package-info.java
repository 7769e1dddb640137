/**
 * The facade's caches and buffer pool. Not exported: reached through the facade and its configuration.
 */
package dev.qsafe.runtime.internal;
