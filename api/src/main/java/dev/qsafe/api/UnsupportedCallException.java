package dev.qsafe.api;

/**
 * An engine offers the algorithm but cannot serve this particular call: a context string, a
 * deterministic or caller-randomized signature, an expanded private key, an external-mu call. The
 * arguments were checked first, so the call is well-formed; another engine of the same algorithm may
 * serve it.
 *
 * <p>The registry relies on this distinction: when the engine it selected for an algorithm throws this
 * exception, it hands the same call, on the same keys, to the next engine of that algorithm by weight
 * (announced with {@link dev.qsafe.api.spi.EngineTrace#delegated}), and to no other failure does it do
 * so. An engine that refuses a call for any other reason (a broken native library, a malformed key)
 * throws another exception. docs/PROVIDERS.md, "Calls an engine cannot serve".
 *
 * @since 0.1.0
 */
public class UnsupportedCallException extends UnsupportedAlgorithmException {
    private static final long serialVersionUID = 1L;

    /** @param message which call the engine cannot serve and why; never secret bytes */
    public UnsupportedCallException(String message) {
        super(message);
    }
}
