package dev.qsafe.provider.hwaccel.internal;

import java.security.Provider;
import java.util.Locale;
import java.util.Set;

/**
 * Whether one native engine's JNI library may be and was loaded, and why not. The checks run in an
 * order that never prints a JVM warning: the switch, then the platform, then native access for the
 * library's module, and only then the load itself.
 *
 * @param provider the engine's JCA provider object, or {@code null} when it did not load
 * @param note     what loaded (library and version), or why nothing was loaded
 */
record NativeLoad(Provider provider, String note) {
    /**
     * The system property that disables native loading for both engines: {@code -Dqsafe.hwaccel.native=false}.
     * Then the hwaccel providers report themselves unavailable and the pure-Java engines do the work.
     */
    static final String SWITCH = "qsafe.hwaccel.native";

    /** Whether the library loaded. */
    boolean loaded() {
        return provider != null;
    }

    /** Loads the engine's provider object. */
    @FunctionalInterface
    interface Loader {
        /**
         * Returns the engine's provider with a note on what loaded, or throws with the reason it cannot work.
         *
         * @throws Throwable a {@link LinkageError} when the library does not load, or any other failure
         */
        NativeLoad load() throws Throwable;
    }

    /**
     * Runs the checks and, if they pass, the loader.
     *
     * @param engine    the engine's name for messages, e.g. "Conscrypt"
     * @param platforms the {@code os-arch} pairs the engine ships native code for, e.g. {@code linux-x86_64}
     * @param module    the module that calls {@code System.load} (the library's own), whose native access is checked
     */
    static NativeLoad attempt(String engine, Set<String> platforms, Module module, Loader loader) {
        String property = System.getProperty(SWITCH, "true").trim();
        if (property.equalsIgnoreCase("false")) {
            return new NativeLoad(null, "native loading disabled by -D" + SWITCH + "=false");
        }
        String platform = platform();
        if (!platforms.contains(platform)) {
            return new NativeLoad(null, engine + " ships native code for " + String.join(", ", platforms.stream().sorted().toList())
                    + " only; this is " + platform);
        }
        if (!nativeAccessEnabled(module)) {
            String name = module.isNamed() ? module.getName() : "ALL-UNNAMED";
            return new NativeLoad(null, "native access is not enabled for " + (module.isNamed() ? "module " + name : "the class path")
                    + "; start the JVM with --enable-native-access=" + name + " (not loaded, to avoid the JVM's warning)");
        }
        try {
            return loader.load();
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
                throw vme;
            }
            return new NativeLoad(null, engine + " native library failed to load: " + causes(t));
        }
    }

    /**
     * {@code Module.isNativeAccessEnabled()} (final in JDK 22; the library is compiled for Java 21, where it
     * is a preview API, so it is called through a method handle). On a JDK without it, native code needs
     * no grant and the answer is yes.
     */
    static boolean nativeAccessEnabled(Module module) {
        try {
            java.lang.invoke.MethodHandle h = java.lang.invoke.MethodHandles.publicLookup().findVirtual(Module.class,
                    "isNativeAccessEnabled", java.lang.invoke.MethodType.methodType(boolean.class));
            return (boolean) h.invoke(module);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return Runtime.version().feature() < 22;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code os-arch} with the names the native jars use: linux, osx, windows; x86_64, aarch_64. */
    static String platform() {
        String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "windows" : os;
        String a = switch (arch) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> arch;
        };
        return o + "-" + a;
    }

    /**
     * The chain of causes, one line, with the exceptions suppressed along it (ACCP told to load its library
     * from {@code java.library.path} reports the failed load as a suppressed exception).
     */
    static String causes(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (!sb.isEmpty()) {
                sb.append("; caused by ");
            }
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
            for (Throwable s : c.getSuppressed()) {
                sb.append("; suppressed ").append(s.getClass().getSimpleName()).append(": ").append(s.getMessage());
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return sb.toString();
    }
}
