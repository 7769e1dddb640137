package dev.qsafe.tests.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code qsafe} as its own process, as the launcher does (module path, {@code -m
 * dev.qsafe.cli/dev.qsafe.cli.Main}), for what an in-process run cannot show: the JVM's heap limit,
 * the process umask, system properties that must not leak into other tests.
 */
final class Subprocess {
    private Subprocess() {
    }

    record Result(int code, String out, String err) {
    }

    /**
     * Runs qsafe in {@code dir} with {@code jvmOptions} before {@code -m} and {@code args} after the main
     * class; with a non-null {@code umask} through {@code sh -c 'umask U; exec java ...'}.
     */
    static Result run(Path dir, String umask, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        java.add("--module-path");
        java.add(System.getProperty("jdk.module.path"));
        java.add("-Dqsafe.hwaccel.native=false");
        java.addAll(jvmOptions);
        java.addAll(List.of("-m", "dev.qsafe.cli/dev.qsafe.cli.Main"));
        java.addAll(List.of(args));
        List<String> command = java;
        if (umask != null) {
            StringBuilder script = new StringBuilder("umask " + umask + "; exec");
            for (String a : java) {
                script.append(" '").append(a.replace("'", "'\\''")).append('\'');
            }
            command = List.of("sh", "-c", script.toString());
        }
        Path outFile = Files.createTempFile("qsafe-test-stdout", ".txt");
        Path errFile = Files.createTempFile("qsafe-test-stderr", ".txt");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("qsafe did not end within 120 s");
            }
            return new Result(p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8),
                    Files.readString(errFile, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(outFile);
            Files.deleteIfExists(errFile);
        }
    }
}
