/**
 * Provider discovery with {@link java.util.ServiceLoader} and engine selection per algorithm (pins, weights,
 * disabled providers).
 */
package dev.qsafe.runtime.registry;
