package dev.qsafe.cli;

import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.QSafeConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Properties;

/** What every file-handling command shares: the facade built from the configuration, and the standard streams. */
final class CommandSupport {
    /** Identity files and public identities are small; refuse anything larger before reading it. */
    static final long MAX_IDENTITY_BYTES = 1024 * 1024;

    private CommandSupport() {
    }

    /** The facade, configured by {@code --config FILE} (if given) and the system properties. */
    static QSafe qsafe(QsafeCommand root) {
        return QSafe.newBuilder().config(config(root)).build();
    }

    /** The configuration from {@code --config FILE} (if given) and the system properties. */
    static QSafeConfig config(QsafeCommand root) {
        Properties props = new Properties();
        props.putAll(System.getProperties());
        if (root.config != null) {
            props.setProperty(QSafeConfig.CONFIG_PROPERTY, root.config.toString());
        }
        return QSafeConfig.fromProperties(props);
    }

    static InputStream stdin() {
        return System.in;
    }

    static OutputStream stdout() {
        return System.out;
    }
}
