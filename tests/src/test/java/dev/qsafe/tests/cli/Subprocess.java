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
public final class Subprocess {
    private Subprocess() {
    }

    /** A finished process: its exit code, standard output and standard error. */
    public record Result(int code, String out, String err) {
    }

    /** The {@code ./qsafe} launcher at the top of the checkout. */
    static final Path LAUNCHER = Path.of("..").toAbsolutePath().normalize().resolve("qsafe");

    /**
     * Runs the {@code ./qsafe} launcher itself through bash in {@code dir}, on the jars this build made
     * ({@code QSAFE_NO_BUILD}), with this JDK, no plug-ins (a missing plug-in folder under {@code tmp}), no
     * inherited trace, module path or tool options; {@code env} is applied last (it may replace
     * {@code QSAFE_JAVA_OPTS}). Output and error are kept in files of their own under {@code tmp}, so that
     * several may run at once.
     *
     * @throws AssertionError if it does not end within 300 s
     */
    static Result launcher(Path tmp, Path dir, java.util.Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        return launcher(LAUNCHER, tmp, dir, env, args);
    }

    /**
     * The same for another checkout's launcher (a staged copy of the project, say).
     *
     * @throws AssertionError if it does not end within 300 s
     */
    public static Result launcher(Path launcher, Path tmp, Path dir, java.util.Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/bin/bash", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("QSAFE_NO_BUILD", "1");
        pb.environment().put("QSAFE_JAVA_OPTS", "-Dqsafe.plugin.dir=" + tmp.resolve("no-plugins"));
        for (String v : List.of("QSAFE_MODULE_PATH", "QSAFE_TRACE_STARTUP", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            pb.environment().remove(v);
        }
        pb.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "stdout", ".txt");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("./qsafe " + String.join(" ", args) + " did not end within 300 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** What a README shell example runs after: stop at the first failure, and {@code qsafe} is this build's CLI. */
    private static final String SHELL_PRELUDE = "set -eu\n"
            + "qsafe() { \"$QSAFE_JAVA\" --module-path \"$QSAFE_MP\" -cp \"$QSAFE_CP\" -Dqsafe.hwaccel.native=false "
            + "-m dev.qsafe.cli/dev.qsafe.cli.Main \"$@\"; }\n";

    /**
     * {@code sh -c script} in {@code dir}, as a reader runs a README example: {@code set -eu}, and a shell
     * function {@code qsafe} that runs this build's CLI (module path, and the class path surefire leaves the
     * jars no test module requires on, such as Prometheus' model). The caller redirects and starts it
     * ({@link #await}).
     */
    static ProcessBuilder shell(String script, Path dir) {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", SHELL_PRELUDE + script).directory(dir.toFile());
        pb.environment().put("QSAFE_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("QSAFE_MP", System.getProperty("jdk.module.path"));
        pb.environment().put("QSAFE_CP", System.getProperty("java.class.path"));
        return pb;
    }

    /** Starts {@code pb} with no input and waits for it; the exit code. @throws AssertionError after {@code seconds} */
    static int await(ProcessBuilder pb, int seconds) throws IOException, InterruptedException {
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the script did not end within " + seconds + " s");
        }
        return p.exitValue();
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
