package dev.qsafe.tests.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayException;
import dev.qsafe.relay.RelayServer;

/**
 * The status page (docs/RELAY.md, "Status page") in a real headless Chromium: its script runs under the
 * page's Content-Security-Policy and fills in the relay's figures, which follow live traffic; the
 * screenshot is written to {@code target/relay-status.png}, and also to the path in the system property
 * {@code qsafe.relay.status.screenshot} when set (that is how {@code docs/relay-status.png} is made).
 * Skips, saying why, when no Chromium is installed.
 */
class RelayStatusBrowserTest {

    private static final int WIDTH = 1100;

    @TempDir
    Path dir;

    @Test
    void statusPage_inHeadlessChromium_showsTheRelaysFiguresAndFollowsTraffic() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), "no Chromium to run the status page in: QSAFE_CHROMIUM names "
                + "no executable and none of chromium, chromium-browser, google-chrome is on the PATH "
                + "(Debian: apt-get install chromium; .ci/run installs it when it may)");
        try (RelayServer relay = RelayServer.start(StatusTraffic.config("sqlite:" + dir.resolve("relay.db")).build())) {
            StatusTraffic.Seen seen = StatusTraffic.run(relay.uri(), 6, 5);
            try (HeadlessChromium browser = HeadlessChromium.launch(chromium.get())) {
                browser.navigate(relay.uri().resolve("/status"));
                // the script ran (the CSP allowed it) and put the relay's figures in the page
                browser.await("document.getElementById('queues').textContent === '" + seen.queues() + "'",
                        Duration.ofSeconds(20));
                assertEquals(seen.messagesLeft(), number(browser, "messages"));
                assertEquals(seen.deposits() + " in all", browser.evaluate("document.getElementById('deposits').textContent").asString());
                assertEquals(seen.fetched() + " in all", browser.evaluate("document.getElementById('fetched').textContent").asString());
                assertEquals("up", browser.evaluate("document.getElementById('state').textContent").asString());
                assertEquals("sqlite", browser.evaluate("document.getElementById('storage').textContent").asString());
                browser.await("Array.from(document.querySelectorAll('#latency tbody tr.row')).some(r => "
                        + "r.cells[1].textContent === 'PUT' && r.cells[2].textContent === '202' "
                        + "&& r.cells[3].textContent === '" + seen.deposits() + "' && / ms$/.test(r.cells[6].textContent))",
                        Duration.ofSeconds(10));
                browser.await("Array.from(document.querySelectorAll('#errors tbody tr.row')).map(r => r.cells[0].textContent)"
                        + ".join(',') === '401,404,413'", Duration.ofSeconds(10));
                // the style ran too (allowed by its hash): a rule only the stylesheet sets
                assertEquals("8px", browser.evaluate("getComputedStyle(document.querySelector('.tile')).borderTopLeftRadius").asString());

                // live: a sender and a receiver at work; the page follows without a reload
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger sent = new AtomicInteger();
                Thread traffic = Thread.ofVirtual().start(() -> liveTraffic(relay, stop, sent));
                try {
                    browser.await("document.getElementById('queues').textContent === '" + (seen.queues() + 1) + "'",
                            Duration.ofSeconds(15));
                    browser.await("Number(document.body.getAttribute('data-polls')) >= 4 "
                            + "&& Number(document.getElementById('deposit-rate').textContent) > 0", Duration.ofSeconds(20));
                    assertTrue(sent.get() > 0);
                    assertEquals(List.of(), browser.problems(), "no CSP violation, no script error");

                    byte[] png = browser.screenshot(WIDTH);
                    assertEquals(0x89504e47, ByteBuffer.wrap(png, 0, 4).getInt(), "a PNG");
                    assertEquals(WIDTH, ByteBuffer.wrap(png, 16, 4).getInt(), "IHDR width");
                    assertTrue(ByteBuffer.wrap(png, 20, 4).getInt() >= 400, "IHDR height");
                    Files.write(Path.of("target", "relay-status.png"), png);
                    String docs = System.getProperty("qsafe.relay.status.screenshot");
                    if (docs != null && !docs.isBlank()) {
                        Files.write(Path.of(docs), png);
                    }
                } finally {
                    stop.set(true);
                    traffic.join(Duration.ofSeconds(10));
                }
            }
        }
    }

    private static long number(HeadlessChromium browser, String id) throws InterruptedException {
        return Long.parseLong(browser.evaluate("document.getElementById('" + id + "').textContent").asString().replace(",", ""));
    }

    /** Some 15 deposits a second (under the per-queue rate limit) to one new queue, each fetched and deleted by its owner. */
    private static void liveTraffic(RelayServer relay, AtomicBoolean stop, AtomicInteger sent) {
        RelayClient c = StatusTraffic.client(relay.uri());
        KeyPair k = RelayClient.newKeyPair();
        RelayClient.QueueIds q = c.createQueue(k.getPublic());
        long after = 0;
        while (!stop.get()) {
            try {
                c.deposit(q.sendId(), new byte[StatusTraffic.MESSAGE]);
                sent.incrementAndGet();
                List<RelayClient.Message> got = c.fetch(q.recvId(), k.getPrivate(), after, Duration.ZERO);
                if (!got.isEmpty()) {
                    after = got.get(got.size() - 1).seq();
                    c.delete(q.recvId(), k.getPrivate(), after);
                }
            } catch (RelayException e) {
                // a refusal (say, the rate limit) only slows this traffic; the page shows it as an error
            }
            try {
                Thread.sleep(60);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
