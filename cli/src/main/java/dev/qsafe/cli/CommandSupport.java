package dev.qsafe.cli;

import dev.qsafe.adaptive.AdaptiveConfig;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.Profile;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** What every file-handling command shares: the facade built from the configuration, and the standard streams. */
final class CommandSupport {
    /** Identity files and public identities are small; refuse anything larger before reading it. */
    static final long MAX_IDENTITY_BYTES = 1024 * 1024;

    /** The environment variable naming the policy profile ({@code --profile} wins over it, it over {@code -Dqsafe.profile}). */
    static final String PROFILE_ENV = "QSAFE_PROFILE";

    private CommandSupport() {
    }

    /** The facade, configured by {@code --config FILE} (if given) and the system properties. */
    static QSafe qsafe(QsafeCommand root) {
        StartupTrace.mark("arguments parsed, command started");
        QSafeConfig config = config(root);
        StartupTrace.mark("configuration read");
        CryptoRegistry registry = registry(root, config);
        StartupTrace.mark("providers discovered (instantiated; availability is asked when an algorithm is first used)");
        QSafe qsafe = QSafe.newBuilder().config(config).registry(registry).build();
        StartupTrace.mark("facade built");
        return qsafe;
    }

    /**
     * The registry of {@code config}'s providers: those on the CLI's own module path and, when a plug-in
     * path is given ({@link Plugins}), those of the plug-in layer over it.
     */
    static CryptoRegistry registry(QsafeCommand root, QSafeConfig config) {
        Plugins.Loaded p = plugins(root);
        return p.path().isEmpty() ? CryptoRegistry.discover(config.providers()) : CryptoRegistry.discover(p.layer(), config.providers());
    }

    /** The plug-in layer of this run (loaded on first use). */
    static Plugins.Loaded plugins(QsafeCommand root) {
        if (root.plugins == null) {
            root.plugins = Plugins.load(Plugins.path(root.providerPath, System.getenv()));
        }
        return root.plugins;
    }

    /**
     * The configuration from {@code --config FILE} (if given) and the system properties. Its
     * {@code "adaptive"} section is checked too, although only {@code recommend} uses it, so that every
     * command rejects an invalid file as a whole (exit code 4).
     */
    static QSafeConfig config(QsafeCommand root) {
        Plugins.Loaded plugins = plugins(root);
        if (!plugins.path().isEmpty()) {
            // The plug-ins' algorithms must be nameable in the configuration, which is read before discovery.
            CryptoRegistry.defineProviderAlgorithms(plugins.layer());
        }
        Properties props = new Properties();
        props.putAll(System.getProperties());
        String propertyFile = props.getProperty(QSafeConfig.CONFIG_PROPERTY);
        if (root.config != null) {
            props.setProperty(QSafeConfig.CONFIG_PROPERTY, root.config.toString());
        }
        String profile = root.profile != null ? root.profile : System.getenv(PROFILE_ENV);
        if (profile != null && !profile.isBlank()) {
            // as the property, so that a file's stricter profile turned off or changed is reported as a relaxation
            props.setProperty(Profile.PROPERTY, profile.trim());
        }
        QSafeConfig config = QSafeConfig.fromProperties(props);
        AdaptiveConfig.from(config);
        List<String> relaxed = new ArrayList<>(config.relaxations());
        if (root.config != null && propertyFile != null && !propertyFile.isBlank()
                && !IoSupport.sameFile(propertyFile, root.config.toString())) {
            // --config replaces the file the qsafe.config property names: say so if that file was stricter.
            Properties without = new Properties();
            without.putAll(System.getProperties());
            QSafeConfig replaced = QSafeConfig.fromProperties(without);
            for (String r : QSafeConfig.relaxations(replaced, config)) {
                relaxed.add(r + " (--config " + root.config + " over -D" + QSafeConfig.CONFIG_PROPERTY + "=" + propertyFile + ")");
            }
        }
        root.relaxations = List.copyOf(relaxed);
        if (!relaxed.isEmpty() && !root.relaxationsReported) {
            root.relaxationsReported = true;
            PrintWriter err = root.spec.commandLine().getErr();
            err.println("qsafe: warning: the configuration relaxes policy: " + Text.oneLine(String.join("; ", relaxed)));
            err.flush();
        }
        return config;
    }

    static InputStream stdin() {
        return System.in;
    }

    static OutputStream stdout() {
        return System.out;
    }
}
