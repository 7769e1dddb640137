package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code qsafe bench}, run in-process with few iterations. */
class BenchCommandTest {
    private static final String[] QUICK = {"-n", "3", "--warmup", "1"};

    @TempDir
    Path dir;

    @Test
    void table_listsEveryModeAndOperation_andSaysItIsNotJmh() {
        Cli.Result r = Cli.run(Cli.concat(new String[] {"bench"}, QUICK));
        assertEquals(0, r.code(), r.err());
        for (String s : List.of("CLASSICAL", "HYBRID", "PQC", "keygen", "seal", "open", "sign", "verify", "hybrid-v1",
                "not the JMH figures", "envelope overhead")) {
            assertTrue(r.out().contains(s), "missing " + s + " in\n" + r.out());
        }
    }

    @Test
    void json_hasRealFiguresPerModeWithRatiosToClassical() {
        Cli.Result r = Cli.run(Cli.concat(new String[] {"bench", "--json", "--message-size", "100"}, QUICK));
        assertEquals(0, r.code(), r.err());
        JsonNode root = JsonMapper.builder().build().readTree(r.out());
        assertEquals(100, root.get("messageBytes").asInt());
        assertEquals(3, root.get("iterations").asInt());
        assertTrue(root.get("note").asString().contains("not the JMH"));
        JsonNode modes = root.get("modes");
        assertEquals(3, modes.size());
        for (JsonNode m : modes) {
            assertTrue(m.get("available").asBoolean(), m.toString());
            for (String op : List.of("keygen", "seal", "open", "sign", "verify")) {
                JsonNode o = m.get("operations").get(op);
                assertTrue(o.get("medianNanos").asLong() > 0, m.toString());
                assertTrue(o.get("p99Nanos").asLong() >= o.get("medianNanos").asLong(), m.toString());
                assertTrue(o.get("allocatedBytesPerOp").asLong() > 0, "HotSpot counts allocated bytes: " + m);
            }
        }
        // The overhead is the format's (docs/FORMAT.md), whatever the message size.
        assertEquals(171, mode(modes, "CLASSICAL").get("envelopeOverheadBytes").asInt());
        assertEquals(4583, mode(modes, "HYBRID").get("envelopeOverheadBytes").asInt());
        assertEquals(6272, mode(modes, "PQC").get("envelopeOverheadBytes").asInt());
        assertEquals(1.0, mode(modes, "CLASSICAL").get("ratiosToClassical").get("overhead").asDouble());
        assertEquals(Math.round(4583.0 / 171 * 100) / 100.0, mode(modes, "HYBRID").get("ratiosToClassical").get("overhead").asDouble());
        assertTrue(mode(modes, "PQC").get("ratiosToClassical").get("keygen").asDouble() > 0);
        assertEquals("hybrid", mode(modes, "HYBRID").get("engines").get("X-Wing").asString());
    }

    @Test
    void html_isSelfContained_withChartsMachineJdkEnginesAndDate() throws IOException {
        Path report = dir.resolve("report.html");
        Cli.Result r = Cli.run(Cli.concat(new String[] {"bench", "--mode", "classical,pqc", "--html", report.toString()}, QUICK));
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(report);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<svg") && html.contains("<rect"), "inline SVG charts");
        assertTrue(html.contains(System.getProperty("os.arch")) && html.contains(Runtime.version().toString()), "machine and JDK");
        assertTrue(html.contains("jdk-pqc") && html.contains("ML-KEM-1024"), "engines");
        assertTrue(html.matches("(?s).*20\\d\\d-\\d\\d-\\d\\dT.*"), "date");
        assertFalse(html.contains("<script"), "no script needed");
        assertFalse(html.contains("src=") || html.contains("href=") || html.contains("url("), "nothing loaded from anywhere");
        assertEquals(List.of("http://www.w3.org/2000/svg"), html.lines().flatMap(l -> java.util.Arrays.stream(l.split("\"")))
                .filter(s -> s.startsWith("http")).distinct().toList(), "only the SVG namespace, never a fetched URL");
        assertFalse(html.contains("HYBRID</td>"), "only the modes asked for");
        assertTrue(r.out().contains("HTML report written to"), r.out());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(report), files.toList(), "no temporary file left");
        }
    }

    @Test
    void badOptions_areUsageErrors() {
        assertEquals(2, Cli.run("bench", "-n", "0").code());
        assertEquals(2, Cli.run("bench", "--warmup", "-1").code());
        assertEquals(2, Cli.run("bench", "--message-size", "-5").code());
        assertEquals(2, Cli.run("bench", "--mode", "quantumish").code());
        assertEquals(2, Cli.run("bench", "--html", "-").code());
    }

    @Test
    void htmlIntoAMissingFolder_isAnIoError_afterNothingIsWritten() {
        Cli.Result r = Cli.run(Cli.concat(new String[] {"bench", "--mode", "classical", "--html",
                dir.resolve("no/such/folder/r.html").toString()}, QUICK));
        assertEquals(5, r.code(), r.err());
    }

    @Test
    void help_hasExampleExitCodesAndSaysItIsNotJmh() {
        Cli.Result r = Cli.run("bench", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Examples:") && r.out().contains("Exit codes:") && r.out().contains("JMH"), r.out());
    }

    static JsonNode mode(JsonNode modes, String name) {
        for (JsonNode m : modes) {
            if (m.get("mode").asString().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no mode " + name + " in " + modes);
    }
}
