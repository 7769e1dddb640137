package dev.qsafe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.adaptive.CryptoBenchmark.ModeResult;
import dev.qsafe.adaptive.CryptoBenchmark.Operation;
import dev.qsafe.adaptive.CryptoBenchmark.OperationStats;
import dev.qsafe.adaptive.CryptoBenchmark;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.suite.Suite;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchHtmlTest {
    private static final String EVIL = "<script>alert('x')</script>&\"";

    private static ModeResult ran(CryptoMode mode, Suite suite, long scale, String provider) {
        Map<Operation, OperationStats> ops = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            ops.put(op, new OperationStats(scale * (op.ordinal() + 1), scale * (op.ordinal() + 2), 1000 * scale, List.of(scale)));
        }
        return new ModeResult(mode, suite, true, "", Map.of("X-Wing", provider), ops, (int) (100 * scale),
                Map.of("seal", 2.5, "overhead", 26.8));
    }

    @Test
    void everyTextIsEscaped_providerNamesReasonsAndMachine() {
        CryptoBenchmark.Report report = new CryptoBenchmark.Report(Instant.parse("2026-11-21T23:00:00Z"), "Linux " + EVIL,
                "JDK " + EVIL, 1024, 10, 2, List.of(ran(CryptoMode.HYBRID, Suite.HYBRID, 30, "evil" + EVIL),
                        new ModeResult(CryptoMode.PQC, Suite.PQC, false, "no engine: " + EVIL, Map.of(), Map.of(), -1, Map.of())));
        String html = BenchHtml.render(report);
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains(EVIL));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"), html);
        assertTrue(html.contains("2026-11-21T23:00:00Z"));
        assertTrue(html.contains("not available: no engine: &lt;script&gt;"));
    }

    @Test
    void bars_areScaledToTheLargestValue_withP99Marks() {
        String svg = BenchHtml.chart("seal", List.of(new BenchHtml.Bar("CLASSICAL", CryptoMode.CLASSICAL, 10, 20, "10"),
                new BenchHtml.Bar("PQC", CryptoMode.PQC, 40, 40, "40")));
        assertTrue(svg.contains("width=\"55.0\""), "10/40 of 220 pixels: " + svg);
        assertTrue(svg.contains("width=\"220.0\""), svg);
        assertTrue(svg.contains("x1=\"200.0\""), "p99 20 at 90 + 20/40*220: " + svg);
        assertEquals(2, svg.split("<rect").length - 1);
    }

    @Test
    void farOutP99_doesNotSquashTheMedians_itsMarkSitsAtTheEnd() {
        String svg = BenchHtml.chart("open", List.of(new BenchHtml.Bar("CLASSICAL", CryptoMode.CLASSICAL, 10, 1000, "10"),
                new BenchHtml.Bar("PQC", CryptoMode.PQC, 20, 25, "20")));
        assertTrue(svg.contains("width=\"36.7\""), "axis ends at 3 x 20 = 60: 10/60 of 220: " + svg);
        assertTrue(svg.contains("x1=\"310.0\""), "the 1000 mark is clipped to the end: " + svg);
    }

    @Test
    void esc_replacesControlCharacters() {
        assertEquals("a b", BenchHtml.esc("a\u0000b"));
        assertEquals("&lt;&gt;&amp;&quot;&#39;", BenchHtml.esc("<>&\"'"));
    }
}
