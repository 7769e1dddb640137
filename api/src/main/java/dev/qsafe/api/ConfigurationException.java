package dev.qsafe.api;

/**
 * The configuration (system properties, builder options or a configuration file) is invalid; the message
 * names the setting.
 *
 * @since 0.1.0
 */
public class ConfigurationException extends QSafeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and how to fix it; never secret bytes */
    public ConfigurationException(String message) {
        super(message);
    }

    /** @param message what failed and how to fix it; never secret bytes
     *  @param cause the underlying failure */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
