package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code qsafe recommend}, run in-process against fake /sys trees. */
class RecommendCommandTest {
    private static final String[] METERED_2G = {"--bandwidth", "0.1", "--rtt", "700", "--loss", "4", "--metered"};
    private static final String[] FIBRE = {"--bandwidth", "1000", "--rtt", "2", "--loss", "0", "--metered=false"};

    @TempDir
    Path dir;
    private Path laptopLowBattery;
    private Path pluggedServer;

    private static void file(Path root, String path, String content) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content + "\n");
    }

    @BeforeEach
    void fakeSystems() throws IOException {
        laptopLowBattery = dir.resolve("laptop");
        file(laptopLowBattery, "sys/class/power_supply/BAT0/type", "Battery");
        file(laptopLowBattery, "sys/class/power_supply/BAT0/capacity", "9");
        file(laptopLowBattery, "sys/class/power_supply/BAT0/status", "Discharging");
        file(laptopLowBattery, "sys/class/thermal/thermal_zone0/temp", "61000");
        file(laptopLowBattery, "sys/class/dmi/id/chassis_type", "10");
        pluggedServer = dir.resolve("server");
        file(pluggedServer, "sys/class/power_supply/AC/type", "Mains");
        file(pluggedServer, "sys/class/power_supply/AC/online", "1");
        file(pluggedServer, "sys/class/thermal/thermal_zone0/temp", "40000");
        file(pluggedServer, "sys/class/dmi/id/chassis_type", "23");
    }

    private static JsonNode json(String... args) {
        Cli.Result r = Cli.run(Cli.concat(new String[] {"recommend", "--json"}, args));
        assertEquals(0, r.code(), r.err());
        return JsonMapper.builder().build().readTree(r.out());
    }

    @Test
    void metered2gLowBatteryLaptop_getsClassical_fibrePluggedServer_getsHybrid() {
        String[] classicalAllowed = {"--floor", "classical"};
        JsonNode poor = json(Cli.concat(Cli.concat(METERED_2G, new String[] {"--probe-root", laptopLowBattery.toString()}), classicalAllowed));
        JsonNode good = json(Cli.concat(Cli.concat(FIBRE, new String[] {"--probe-root", pluggedServer.toString()}), classicalAllowed));
        assertEquals("CLASSICAL", poor.get("mode").asString(), poor.toString());
        assertEquals("HYBRID", good.get("mode").asString(), good.toString());
        assertEquals(9, poor.get("inputs").get("batteryPercent").asInt());
        assertEquals("LAPTOP", poor.get("inputs").get("deviceClass").asString());
        assertEquals("SERVER", good.get("inputs").get("deviceClass").asString());
        assertEquals(true, good.get("inputs").get("externalPower").asBoolean());
        assertEquals("option", poor.get("sources").get("bandwidth").asString());
        assertTrue(poor.get("reasons").toString().contains("battery 9 %"), poor.toString());
        assertTrue(poor.get("pressure").asInt() >= 3);
    }

    @Test
    void defaultFloor_isHybrid_soTheAdviceNeverDowngradesToClassical() {
        JsonNode poor = json(Cli.concat(METERED_2G, new String[] {"--probe-root", laptopLowBattery.toString()}));
        assertEquals("HYBRID", poor.get("floor").asString(), poor.toString());
        assertEquals("HYBRID", poor.get("mode").asString(), poor.toString());
        assertTrue(poor.get("reasons").toString().contains("CLASSICAL is below the floor HYBRID"), poor.toString());
    }

    @Test
    void floor_isNeverUndercut() {
        JsonNode r = json(Cli.concat(METERED_2G, new String[] {"--probe-root", laptopLowBattery.toString(), "--floor", "hybrid"}));
        assertEquals("HYBRID", r.get("mode").asString(), r.toString());
        assertEquals(List.of("HYBRID", "PQC"), r.get("candidates").valueStream().map(JsonNode::asString).toList());
        JsonNode pq = json(Cli.concat(METERED_2G, new String[] {"--floor", "quantum"}));
        assertEquals("PQC", pq.get("mode").asString());
        assertEquals(1.0, pq.get("confidence").asDouble(), "a single allowed mode is certain");
    }

    @Test
    void unknownInputs_areMarked_andLowerTheConfidence() {
        JsonNode known = json(Cli.concat(FIBRE, new String[] {"--probe-root", pluggedServer.toString()}));
        JsonNode unknown = json("--probe-root", dir.resolve("empty").toString());
        assertTrue(unknown.get("confidence").asDouble() < known.get("confidence").asDouble(), known + "\n" + unknown);
        assertEquals("unknown", unknown.get("sources").get("bandwidth").asString());
        assertEquals("unknown", unknown.get("sources").get("battery").asString());
        assertEquals("system (--probe-root)", known.get("sources").get("temperature").asString());
        assertTrue(unknown.get("inputs").get("bandwidthMbps").isNull());
        assertTrue(unknown.get("unknowns").toString().contains("bandwidth"));
        assertTrue(known.get("inputs").get("cpuLoad").isNumber(), "the CPU load is read from the JVM");
    }

    @Test
    void text_showsModeConfidenceReasonsAndInputsWithSources() {
        Cli.Result r = Cli.run(Cli.concat(new String[] {"recommend", "--probe-root", laptopLowBattery.toString(), "--floor", "classical"},
                METERED_2G));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Recommended mode: CLASSICAL (suite classical-v1), confidence 0."), r.out());
        assertTrue(r.out().contains("Reasons:") && r.out().contains("the link is metered: +1"), r.out());
        assertTrue(r.out().contains("unknown (use --measure)"), r.out());
    }

    @Test
    void configuredNetworkAndFloor_areUsed_optionsOverrideThem() throws IOException {
        Path config = dir.resolve("qsafe.json");
        Files.writeString(config, """
                {"adaptive": {"floor": "hybrid", "network": {"bandwidthMbps": 0.05, "metered": true}}}""");
        JsonNode r = json("--config", config.toString(), "--probe-root", pluggedServer.toString());
        assertEquals("HYBRID", r.get("floor").asString());
        assertEquals("config", r.get("sources").get("bandwidth").asString());
        assertEquals(0.05, r.get("inputs").get("bandwidthMbps").asDouble());
        JsonNode o = json("--config", config.toString(), "--bandwidth", "500", "--floor", "classical");
        assertEquals("option", o.get("sources").get("bandwidth").asString());
        assertEquals("CLASSICAL", o.get("floor").asString());
    }

    /** The runtime keeps the adaptive section unread; the command line still rejects a file with a bad one, for every command. */
    @Test
    void invalidAdaptiveSection_orProperty_exitsWithConfigurationCode_evenForCommandsThatDoNotRecommend() throws IOException {
        Path config = dir.resolve("bad-adaptive.json");
        Files.writeString(config, """
                {"adaptive": {"floor": "quantumish"}}""");
        for (String command : new String[] {"recommend", "status"}) {
            Cli.Result r = Cli.run(command, "--config", config.toString());
            assertEquals(4, r.code(), command + ": " + r.err());
            assertTrue(r.err().contains(config + ": adaptive.floor"), command + ": " + r.err());
        }
        Path good = dir.resolve("good.json");
        Files.writeString(good, "{}");
        String old = System.getProperty("qsafe.adaptive.preferred");
        System.setProperty("qsafe.adaptive.preferred", "nope");
        try {
            Cli.Result r = Cli.run("status", "--config", good.toString());
            assertEquals(4, r.code(), r.err());
            assertTrue(r.err().contains("qsafe.adaptive.preferred"), r.err());
        } finally {
            if (old == null) {
                System.clearProperty("qsafe.adaptive.preferred");
            } else {
                System.setProperty("qsafe.adaptive.preferred", old);
            }
        }
    }

    @Test
    void policyRefusingEverythingAboveTheFloor_exitsWithConfigurationCode() throws IOException {
        Path config = dir.resolve("classical-only.json");
        Files.writeString(config, """
                {"policy": {"allowedAlgorithms": ["DHKEM-X25519-HKDF-SHA256", "Ed25519", "AES-256-GCM", "HKDF-SHA256"]}}""");
        Cli.Result r = Cli.run("recommend", "--config", config.toString(), "--floor", "hybrid");
        assertEquals(4, r.code(), r.err());
        assertTrue(r.err().contains("floor HYBRID"), r.err());
        JsonNode ok = json("--config", config.toString(), "--floor", "classical");
        assertEquals("CLASSICAL", ok.get("mode").asString(), "the policy decides below the preferred HYBRID");
    }

    @Test
    void measure_feedsObservedLatencies() {
        JsonNode r = json(Cli.concat(FIBRE, new String[] {"--probe-root", pluggedServer.toString(), "--measure", "--iterations", "5"}));
        JsonNode unmeasured = json(Cli.concat(FIBRE, new String[] {"--probe-root", pluggedServer.toString()}));
        assertEquals("measured", r.get("sources").get("latency HYBRID").asString());
        assertTrue(r.get("inputs").get("latencies").get("HYBRID").get("sealMedianNanos").asLong() > 0);
        assertEquals(5, r.get("inputs").get("latencies").get("PQC").get("samples").asInt());
        assertNotEquals(r.get("unknowns").toString(), unmeasured.get("unknowns").toString());
        assertTrue(r.get("confidence").asDouble() > unmeasured.get("confidence").asDouble(), r + "\n" + unmeasured);
    }

    @Test
    void badValues_areUsageErrors() {
        assertEquals(2, Cli.run("recommend", "--loss", "150").code());
        assertEquals(2, Cli.run("recommend", "--bandwidth", "-1").code());
        assertEquals(2, Cli.run("recommend", "--bandwidth", "fast").code());
        assertEquals(2, Cli.run("recommend", "--floor", "quantumish").code());
        assertEquals(2, Cli.run("recommend", "--device-class", "toaster").code());
        assertEquals(2, Cli.run("recommend", "--measure", "--iterations", "0").code());
    }

    @Test
    void help_hasExampleAndExitCodes() {
        Cli.Result r = Cli.run("recommend", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Examples:") && r.out().contains("Exit codes:") && r.out().contains("--metered"), r.out());
    }
}
