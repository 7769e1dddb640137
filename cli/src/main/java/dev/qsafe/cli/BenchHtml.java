package dev.qsafe.cli;

import dev.qsafe.adaptive.CryptoBenchmark.ModeResult;
import dev.qsafe.adaptive.CryptoBenchmark.Operation;
import dev.qsafe.adaptive.CryptoBenchmark.OperationStats;
import dev.qsafe.adaptive.CryptoBenchmark;
import dev.qsafe.api.CryptoMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code qsafe bench --html} report: one self-contained page (inline CSS and SVG charts, no
 * script, no external resource), every text escaped.
 */
final class BenchHtml {
    private static final Map<CryptoMode, String> COLORS = Map.of(CryptoMode.CLASSICAL, "#4e79a7",
            CryptoMode.HYBRID, "#f28e2b", CryptoMode.PQC, "#59a14f");

    private BenchHtml() {
    }

    /** One bar: a label, a value, and optionally a second marker value (p99). */
    record Bar(String label, CryptoMode mode, double value, double marker, String text) {
    }

    static String render(CryptoBenchmark.Report report) {
        StringBuilder h = new StringBuilder(32 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>qsafe bench report</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}.note{color:#555}")
                .append(".charts{display:flex;flex-wrap:wrap;gap:1.5em}svg text{font-size:12px;font-family:sans-serif}\n")
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>qsafe bench report</h1>\n");
        h.append("<p class=\"note\">A quick report of this machine: median and p99 over ").append(report.iterations())
                .append(" iterations after ").append(report.warmupIterations())
                .append(" warm-up iterations. Not the published JMH figures (docs/BENCHMARKS.md).</p>\n");
        h.append("<table>\n");
        meta(h, "date", report.date().toString());
        meta(h, "machine", report.machine());
        meta(h, "JDK", report.jdk());
        meta(h, "message size", report.messageBytes() + " bytes");
        meta(h, "iterations", report.iterations() + " timed, " + report.warmupIterations() + " warm-up per operation");
        h.append("</table>\n");

        h.append("<h2>Suites and engines</h2>\n<table>\n<tr><th>mode</th><th>suite</th><th>engines (algorithm = provider)</th></tr>\n");
        for (ModeResult r : report.modes()) {
            h.append("<tr><td>").append(esc(r.mode().name())).append("</td><td>").append(esc(r.suite().name())).append("</td><td>");
            if (r.available()) {
                List<String> e = new ArrayList<>();
                r.engines().forEach((a, p) -> e.add(a + " = " + p));
                h.append(esc(String.join(", ", e)));
            } else {
                h.append("not available: ").append(esc(r.reason()));
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Latency (microseconds; bar = median, mark = p99)</h2>\n<div class=\"charts\">\n");
        for (Operation op : Operation.values()) {
            List<Bar> bars = new ArrayList<>();
            for (ModeResult r : report.modes()) {
                if (r.available()) {
                    OperationStats s = r.operations().get(op);
                    bars.add(new Bar(r.mode().name(), r.mode(), s.medianNanos() / 1000.0, s.p99Nanos() / 1000.0,
                            BenchCommand.micros(s.medianNanos()) + " / p99 " + BenchCommand.micros(s.p99Nanos())));
                }
            }
            h.append(chart(op.name().toLowerCase(Locale.ROOT), bars));
        }
        h.append("</div>\n");

        h.append("<h2>Envelope overhead (bytes: envelope minus message)</h2>\n<div class=\"charts\">\n");
        List<Bar> overhead = new ArrayList<>();
        for (ModeResult r : report.modes()) {
            if (r.available()) {
                overhead.add(new Bar(r.mode().name(), r.mode(), r.envelopeOverheadBytes(), -1,
                        Integer.toString(r.envelopeOverheadBytes())));
            }
        }
        h.append(chart("overhead", overhead)).append("</div>\n");

        h.append("<h2>Allocated bytes per operation (measuring thread)</h2>\n<div class=\"charts\">\n");
        for (Operation op : Operation.values()) {
            List<Bar> bars = new ArrayList<>();
            for (ModeResult r : report.modes()) {
                if (r.available() && r.operations().get(op).allocatedBytesPerOp() >= 0) {
                    long b = r.operations().get(op).allocatedBytesPerOp();
                    bars.add(new Bar(r.mode().name(), r.mode(), b, -1, Long.toString(b)));
                }
            }
            if (!bars.isEmpty()) {
                h.append(chart(op.name().toLowerCase(Locale.ROOT), bars));
            }
        }
        h.append("</div>\n");

        h.append("<h2>Ratios to CLASSICAL</h2>\n");
        ModeResult any = report.modes().stream().filter(r -> !r.ratios().isEmpty()).findFirst().orElse(null);
        if (any == null) {
            h.append("<p>CLASSICAL did not run, so there are no ratios.</p>\n");
        } else {
            List<ModeResult> withRatios = report.modes().stream().filter(r -> !r.ratios().isEmpty()).toList();
            h.append("<table>\n<tr><th>median latency, overhead, allocation</th>");
            for (ModeResult r : withRatios) {
                h.append("<th>").append(esc(r.mode().name())).append("</th>");
            }
            h.append("</tr>\n");
            for (String k : any.ratios().keySet()) {
                h.append("<tr><td>").append(esc(k)).append("</td>");
                for (ModeResult r : withRatios) {
                    Double v = r.ratios().get(k);
                    h.append("<td class=\"n\">").append(v == null ? "-" : esc(BenchCommand.fmt(v))).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<p class=\"note\">keygen = KEM + signature key pairs; seal = encapsulate + HPKE + sign; "
                + "open = decapsulate + HPKE + verify. Written by qsafe bench.</p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void meta(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
    }

    /** A horizontal bar chart as inline SVG, scaled to its largest value (or marker). */
    static String chart(String title, List<Bar> bars) {
        int labelW = 90;
        int barW = 220;
        int textW = 150;
        int rowH = 24;
        int top = 24;
        int width = labelW + barW + textW;
        int height = top + rowH * Math.max(1, bars.size()) + 6;
        double maxValue = 0;
        double maxMarker = 0;
        for (Bar b : bars) {
            maxValue = Math.max(maxValue, b.value());
            maxMarker = Math.max(maxMarker, b.marker());
        }
        // A far-out p99 (a noisy machine) must not squash the medians: the axis ends at 3x the largest bar at most,
        // and a mark beyond it is drawn at the end.
        double max = Math.max(maxValue, Math.min(maxMarker, 3 * maxValue));
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">")
                .append("<title>").append(esc(title)).append("</title>")
                .append("<text x=\"0\" y=\"15\" font-weight=\"bold\">").append(esc(title)).append("</text>");
        int y = top;
        for (Bar b : bars) {
            double len = max > 0 ? b.value() / max * barW : 0;
            s.append("<text x=\"0\" y=\"").append(y + 15).append("\">").append(esc(b.label())).append("</text>");
            s.append("<rect x=\"").append(labelW).append("\" y=\"").append(y + 3).append("\" width=\"")
                    .append(String.format(Locale.ROOT, "%.1f", Math.max(len, 1))).append("\" height=\"").append(rowH - 8)
                    .append("\" fill=\"").append(COLORS.getOrDefault(b.mode(), "#888")).append("\"/>");
            if (b.marker() >= 0 && max > 0) {
                double mx = labelW + Math.min(1.0, b.marker() / max) * barW;
                s.append("<line x1=\"").append(String.format(Locale.ROOT, "%.1f", mx)).append("\" x2=\"")
                        .append(String.format(Locale.ROOT, "%.1f", mx)).append("\" y1=\"").append(y + 1).append("\" y2=\"")
                        .append(y + rowH - 3).append("\" stroke=\"#222\" stroke-width=\"2\"/>");
            }
            s.append("<text x=\"").append(labelW + barW + 6).append("\" y=\"").append(y + 15).append("\">")
                    .append(esc(b.text())).append("</text>");
            y += rowH;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** Escapes text for HTML element content and attribute values. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
