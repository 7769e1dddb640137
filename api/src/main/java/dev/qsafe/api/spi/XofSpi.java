package dev.qsafe.api.spi;

import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.Xof;

/**
 * A provider's extendable-output function engine.
 *
 * @since 0.1.0
 */
public interface XofSpi extends Xof {
    /**
     * A fresh incremental instance, for inputs or outputs too long for one array: absorb any number of
     * times, then squeeze any number of times; the squeezed bytes continue one output stream. C2SP
     * CCTV's accumulated tests draw megabytes to gigabytes of inputs from one SHAKE128 stream and absorb
     * every output into another. Only for conformance tests.
     *
     * @throws UnsupportedAlgorithmException if the engine has no incremental interface (the default)
     */
    default Sponge engineSponge() {
        throw new UnsupportedAlgorithmException(algorithm().name() + " engine has no incremental interface");
    }

    /** One incremental evaluation of an XOF. Not thread-safe: one caller at a time. */
    interface Sponge {
        /**
         * Absorbs {@code input}.
         *
         * @throws IllegalStateException if output has already been squeezed
         */
        void absorb(byte[] input);

        /** Fills {@code output} with the next bytes of the output stream. */
        void squeeze(byte[] output);
    }
}
