package dev.qsafe.conformance.internal;

import java.util.function.Supplier;

/**
 * An engine to run cases on, created only when needed.
 *
 * @param name   the provider name (for HPKE, {@code kem/kdf/aead} provider names)
 * @param engine creates the engine; may throw if the provider fails
 * @param <E>    the engine type
 */
record NamedEngine<E>(String name, Supplier<E> engine) {
}
