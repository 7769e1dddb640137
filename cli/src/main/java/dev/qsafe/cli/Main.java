package dev.qsafe.cli;

import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.PolicyViolationException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.UnsupportedAlgorithmException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** Entry point of the {@code qsafe} command. */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command and exits with its exit code. Exit code 0 with no other live non-daemon thread
     * returns from {@code main} instead of calling {@link System#exit}: the JVM then ends as
     * {@code System.exit(0)} would (shutdown hooks run, {@link IoSupport}'s temporaries are deleted), but
     * without JDK 25's {@code Runtime.exit} logging, whose first {@link System#getLogger} looks for a
     * {@code System.LoggerFinder} service by opening every jar of the module path (30-40 ms after the
     * command's output; docs/CLI-PERFORMANCE.md, "Fourth round"). Any other exit code, or a thread that
     * would keep the JVM alive, takes {@code System.exit} as before.
     */
    public static void main(String[] args) {
        StartupTrace.init();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        if (code != 0 || otherNonDaemonThreadAlive()) {
            System.exit(code);
        }
    }

    /** Whether a live non-daemon platform thread other than this one exists (it would keep the JVM running). */
    static boolean otherNonDaemonThreadAlive() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        Thread self = Thread.currentThread();
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t != self && t.isAlive() && !t.isDaemon()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the command with the given output streams and returns its exit code (for tests and
     * embedding). Errors are one line on {@code err}; stack traces only with {@code --verbose}.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        QsafeCommand root = new QsafeCommand();
        CommandLine cl = new CommandLine(root);
        java.util.Optional<Class<?>> named = QsafeCommand.named(args);
        if (named.isPresent()) {
            cl.addSubcommand(named.get());
        } else if (QsafeCommand.rootOnly(args)) {
            // the root's help or version: the subcommands appear only in its command list
            QsafeCommand.SUBCOMMANDS.forEach(c -> cl.addSubcommand(QsafeCommand.listing(c)));
        } else {
            QsafeCommand.SUBCOMMANDS.forEach(cl::addSubcommand);
        }
        StartupTrace.mark("picocli model built (the named command, all of them for help, or their listing for the root's help)");
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, commandLine.getErr(), root.verbose));
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("qsafe: " + oneLine(ex) + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return ExitCodes.USAGE;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (Error e) {
            // picocli hands only Exceptions to the handler above; an Error from a library (a failed
            // assertion, a class that could not initialise) would otherwise end the JVM as an uncaught
            // exception, with exit code 1, the code of a wrong key or modified data.
            code = report(e, cl.getErr(), root.verbose);
        }
        out.flush();
        err.flush();
        StartupTrace.mark("command done, exit code " + code);
        return code;
    }

    /** Prints {@code ex} as one line (with its stack trace under {@code --verbose}) and returns its exit code. */
    private static int report(Throwable ex, PrintWriter err, boolean verbose) {
        int code = exitCode(ex);
        if (ex instanceof OutOfMemoryError) {
            // An input larger than the heap gets through the size checks only when its size is unknown
            // (standard input) or others held memory at once: a usage problem with a remedy, not a crypto failure.
            err.println("qsafe: " + oneLine(IoSupport.tooLarge("out of memory: the input")));
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return code;
        }
        err.println("qsafe: " + oneLine(ex));
        if (verbose) {
            ex.printStackTrace(err);
        } else if (code == ExitCodes.INTERNAL) {
            err.println("qsafe: run again with --verbose for details");
        }
        err.flush();
        return code;
    }

    /**
     * The exit code of a failure. A plain {@link QSafeException} with a cause is a wrapper: it takes the
     * code of a qsafe cause (a wrong passphrase behind an identity file's path), and a cause from
     * outside qsafe (the engines' "failed inside the underlying crypto library", a batch item's
     * unexpected exception) is a defect, {@link ExitCodes#INTERNAL}, like any other unexpected throwable.
     */
    static int exitCode(Throwable ex) {
        return switch (ex) {
            case UnsupportedAlgorithmException e -> ExitCodes.UNSUPPORTED;
            case ConfigurationException e -> ExitCodes.CONFIGURATION;
            case PolicyViolationException e -> ExitCodes.CONFIGURATION;
            case dev.qsafe.session.SessionStoreException e -> e.kind() == dev.qsafe.session.SessionStoreException.Kind.IO
                    || e.kind() == dev.qsafe.session.SessionStoreException.Kind.LOCKED ? ExitCodes.IO : ExitCodes.CRYPTO_FAILURE;
            case InvalidInputException e -> ExitCodes.USAGE;
            case DecryptionFailedException e -> ExitCodes.CRYPTO_FAILURE;
            case InvalidSignatureException e -> ExitCodes.CRYPTO_FAILURE;
            case QSafeException e when e.getClass() == QSafeException.class && e.getCause() != null ->
                    e.getCause() instanceof QSafeException cause ? exitCode(cause) : ExitCodes.INTERNAL;
            case QSafeException e -> ExitCodes.CRYPTO_FAILURE;
            case UncheckedIOException e -> ExitCodes.IO;
            case OutOfMemoryError e -> ExitCodes.USAGE;
            default -> ExitCodes.INTERNAL;
        };
    }

    /**
     * The message of {@code ex} on one line: line breaks and other control characters (which file
     * names and file contents quoted in a message may hold) become spaces, and characters that could
     * hide or reorder the rest of the line (bidirectional overrides, zero-width characters) are
     * escaped ({@link Text#oneLine}).
     */
    static String oneLine(Throwable ex) {
        String m = ex.getMessage();
        if (ex instanceof UncheckedIOException u && m != null && m.equals(String.valueOf(u.getCause()))) {
            m = u.getCause().getMessage(); // not "java.io.IOException: ..."
        }
        if (m == null || m.isBlank()) {
            m = ex.getClass().getSimpleName();
        }
        return Text.oneLine(m);
    }
}
