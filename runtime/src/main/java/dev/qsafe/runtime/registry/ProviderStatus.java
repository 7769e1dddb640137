package dev.qsafe.runtime.registry;

import dev.qsafe.api.Algorithm;
import java.util.Map;

/**
 * What the registry found out about one discovered provider.
 *
 * @param name           the provider's name, or its class name if it could not be instantiated
 * @param description    what it is built on
 * @param module         the JPMS module it came from ({@code unnamed} on the class path)
 * @param state          whether it is used
 * @param reason         why it is in that state
 * @param weights        its algorithms with their weights
 * @param hardwareBacked whether its engines run native, hardware-accelerated code
 * @param builtIn        whether it is one of qsafe's own providers, from qsafe's module
 *                       ({@link CryptoRegistry#BUILT_IN_PROVIDERS}); a third party's otherwise
 * @since 0.1.0
 */
public record ProviderStatus(
        String name,
        String description,
        String module,
        State state,
        String reason,
        Map<Algorithm, Integer> weights,
        boolean hardwareBacked,
        boolean builtIn) {

    /** Copies the weights. */
    public ProviderStatus {
        weights = Map.copyOf(weights);
    }

    /** The state of a discovered provider. */
    public enum State {
        /** Available and used for selection. */
        ACTIVE,
        /** Loaded, but reports it cannot work here; the reason says why. */
        UNAVAILABLE,
        /** Excluded by configuration, or not allowed by the trust policy; the reason says which. */
        EXCLUDED,
        /**
         * Could not be loaded or queried, or refused: a name that belongs to another module or that two
         * providers claim, a weight out of range; the reason says which.
         */
        FAILED
    }
}
