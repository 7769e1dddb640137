package dev.qsafe.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one {@code @FuzzTest} through JUnit in a JVM of its own, the way {@link FuzzingRunTest} starts
 * it: Jazzer fuzzes only one target per JVM (libFuzzer's state is global), and only when the
 * environment variable {@code JAZZER_FUZZ} is set.
 */
public final class FuzzTargetLauncher {
    private FuzzTargetLauncher() {
    }

    /**
     * Fuzzes one target.
     *
     * @param args one argument, the target as {@code class#method}, e.g. {@code dev.qsafe.fuzz.EnvelopeFuzzTest#inspect};
     *             exits with 0 if the run ended without a finding, 1 if not
     */
    public static void main(String[] args) {
        if (args.length != 1 || !args[0].contains("#")) {
            System.err.println("usage: FuzzTargetLauncher CLASS#METHOD");
            System.exit(2);
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(args[0] + "(byte[])"))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.printFailuresTo(new PrintWriter(System.err, true), 20);
        boolean ran = summary.getTestsSucceededCount() + summary.getTestsFailedCount() > 0;
        System.exit(ran && summary.getTotalFailureCount() == 0 ? 0 : 1);
    }
}
