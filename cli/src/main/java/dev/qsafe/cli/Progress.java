package dev.qsafe.cli;

import java.io.PrintWriter;

/**
 * A one-line progress display on the terminal's error stream for commands that take more than a
 * couple of seconds. Silent when the output is not a terminal (pipes, files, tests).
 */
final class Progress {
    private final PrintWriter err;
    private final int total;
    private final boolean enabled;
    private int done;

    private Progress(PrintWriter err, int total, boolean enabled) {
        this.err = err;
        this.total = total;
        this.enabled = enabled;
    }

    /** Enabled only when a console is attached. */
    static Progress forTerminal(PrintWriter err, int total) {
        return new Progress(err, total, System.console() != null && System.console().isTerminal());
    }

    void step(String what) {
        done++;
        if (enabled) {
            err.print("\r\u001b[K[" + done + "/" + total + "] " + what);
            err.flush();
        }
    }

    void skip(int steps) {
        done += steps;
    }

    void done() {
        if (enabled) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
