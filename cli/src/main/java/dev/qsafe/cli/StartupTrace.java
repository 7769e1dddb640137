package dev.qsafe.cli;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Start-up timestamps for measuring where a command's time goes (docs/CLI-PERFORMANCE.md): with the
 * environment variable {@value #ENV} set (to anything but {@code 0}), each {@link #mark} prints one line
 * {@code qsafe-trace: +MS ms WHAT} on standard error, in milliseconds since the launcher started (the
 * {@code ./qsafe} script passes its start time as {@value #T0_PROPERTY}, in nanoseconds since the epoch)
 * or, without it, since the process started. Off by default, and then a mark costs one field read.
 * Prints only names of phases, never arguments or file contents.
 */
final class StartupTrace {
    /** The environment variable that turns the trace on. */
    static final String ENV = "QSAFE_TRACE_STARTUP";
    /** The launcher's start time, nanoseconds since the epoch. */
    static final String T0_PROPERTY = "qsafe.trace.t0";

    private static volatile PrintStream out;
    private static long t0Nanos;

    private StartupTrace() {
    }

    /** Turns the trace on if {@value #ENV} says so (called once, by {@link Main#main}). */
    static void init() {
        String env = System.getenv(ENV);
        if (env == null || env.isBlank() || env.equals("0")) {
            return;
        }
        long t0;
        try {
            t0 = Long.parseLong(System.getProperty(T0_PROPERTY, ""));
        } catch (NumberFormatException e) {
            t0 = ProcessHandle.current().info().startInstant().map(StartupTrace::nanos).orElse(nanos(Instant.now()));
        }
        t0Nanos = t0;
        out = System.err;
        String exec = System.getProperty("qsafe.trace.exec");
        if (exec != null) {
            try {
                line(Long.parseLong(exec), "launcher: exec java (JDK found, build checked, cache chosen)");
            } catch (NumberFormatException ignored) {
                // not from the launcher: no such line
            }
        }
        mark("main() entered (JVM created, boot module layer resolved)");
    }

    /** Prints {@code what} with the time since start, if the trace is on. */
    static void mark(String what) {
        if (out != null) {
            line(nanos(Instant.now()), what);
        }
    }

    private static void line(long atNanos, String what) {
        PrintStream o = out;
        if (o != null) {
            o.printf("qsafe-trace: +%d ms %s%n", (atNanos - t0Nanos) / 1_000_000, what);
        }
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
