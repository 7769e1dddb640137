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

    /** Runs the command and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the command with the given output streams and returns its exit code (for tests and
     * embedding). Errors are one line on {@code err}; stack traces only with {@code --verbose}.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        QsafeCommand root = new QsafeCommand();
        CommandLine cl = new CommandLine(root);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            int code = exitCode(ex);
            commandLine.getErr().println("qsafe: " + oneLine(ex));
            if (root.verbose) {
                ex.printStackTrace(commandLine.getErr());
            } else if (code == ExitCodes.INTERNAL) {
                commandLine.getErr().println("qsafe: run again with --verbose for details");
            }
            commandLine.getErr().flush();
            return code;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("qsafe: " + oneLine(ex) + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return ExitCodes.USAGE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static int exitCode(Throwable ex) {
        return switch (ex) {
            case UnsupportedAlgorithmException e -> ExitCodes.UNSUPPORTED;
            case ConfigurationException e -> ExitCodes.CONFIGURATION;
            case PolicyViolationException e -> ExitCodes.CONFIGURATION;
            case InvalidInputException e -> ExitCodes.USAGE;
            case DecryptionFailedException e -> ExitCodes.CRYPTO_FAILURE;
            case InvalidSignatureException e -> ExitCodes.CRYPTO_FAILURE;
            case QSafeException e -> ExitCodes.CRYPTO_FAILURE;
            case UncheckedIOException e -> ExitCodes.IO;
            default -> ExitCodes.INTERNAL;
        };
    }

    /**
     * The message of {@code ex} on one line: line breaks and other control characters (which file
     * names and file contents quoted in a message may hold) become spaces.
     */
    static String oneLine(Throwable ex) {
        String m = ex.getMessage();
        if (ex instanceof UncheckedIOException u && m != null && m.equals(String.valueOf(u.getCause()))) {
            m = u.getCause().getMessage(); // not "java.io.IOException: ..."
        }
        if (m == null || m.isBlank()) {
            m = ex.getClass().getSimpleName();
        }
        return m.replaceAll("\\p{Cntrl}", " ");
    }
}
