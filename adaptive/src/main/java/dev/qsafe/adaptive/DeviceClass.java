package dev.qsafe.adaptive;

/**
 * The kind of machine, one of the device inputs of {@link AdaptiveSelector}
 * ({@link AdaptiveInputs.Device#deviceClass()}); {@link #UNKNOWN} when it cannot be told. A type of its
 * own so that {@link SystemProbe}, which tells it, does not depend on {@link AdaptiveInputs}.
 */
public enum DeviceClass {
    /** A server (DMI chassis type rack mount, blade, ...). */
    SERVER,
    /** A desktop or tower. */
    DESKTOP,
    /** A laptop, notebook, convertible. */
    LAPTOP,
    /** A phone or tablet. */
    MOBILE,
    /** An embedded or IoT device. */
    EMBEDDED,
    /** Not known. */
    UNKNOWN
}
