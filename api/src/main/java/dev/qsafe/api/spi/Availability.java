package dev.qsafe.api.spi;

import java.util.Objects;

/**
 * Whether a provider can work on this machine, and why not when it cannot.
 *
 * @param available whether the provider's engines can be created
 * @param reason    a human-readable explanation (why not, or what it runs on)
 * @since 0.1.0
 */
public record Availability(boolean available, String reason) {
    /** Checks the reason is present. */
    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    /** Available, with a note on what it runs on. */
    public static Availability available(String note) {
        return new Availability(true, note);
    }

    /** Not available, with the reason. */
    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
