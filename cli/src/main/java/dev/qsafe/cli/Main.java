package dev.qsafe.cli;

/** Entry point placeholder, replaced below. */
public final class Main {
    private Main() {
    }

    /** Runs the CLI. */
    public static void main(String[] args) {
    }
}
