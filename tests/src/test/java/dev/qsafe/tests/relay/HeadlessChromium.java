package dev.qsafe.tests.relay;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real Chromium, headless, driven over the Chrome DevTools Protocol (a WebSocket from
 * {@code java.net.http}; no WebDriver, so no driver binary and nothing off the module path): loads a
 * page, evaluates JavaScript in it, reports console messages about security (CSP violations) and
 * uncaught exceptions, and takes screenshots. Found through {@code QSAFE_CHROMIUM} or on the PATH.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    private final Process process;
    private final Path work;
    private final Path log;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Console entries of source "security" (CSP violations among them) and uncaught exceptions. */
    private final List<String> problems = new CopyOnWriteArrayList<>();

    /** The browser: {@code QSAFE_CHROMIUM} if set, else the first of chromium, chromium-browser, google-chrome on the PATH. */
    static Optional<Path> find() {
        String configured = System.getenv("QSAFE_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        for (String name : NAMES) {
            for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
                try {
                    Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                    if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                        return Optional.of(p);
                    }
                } catch (InvalidPathException e) {
                    // not a directory name: next
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts the browser with a fresh profile in a new temporary folder (removed on close, as far as the
     * browser's helpers let it be: not a JUnit {@code @TempDir}, whose cleanup would fail the test if a
     * helper were still writing), on a DevTools port of its choosing.
     */
    static HeadlessChromium launch(Path exe) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("qsafe-chromium");
        Path profile = Files.createDirectories(work.resolve("profile"));
        Path log = work.resolve("chromium.log");
        List<String> command = List.of(exe.toString(),
                "--headless",
                // the sandbox needs user namespaces or a setuid helper, which containers and root lack; the
                // browser only ever loads this test's relay on loopback
                "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync", "--mute-audio",
                "--disable-breakpad", "--disable-crash-reporter",
                "--hide-scrollbars", "--window-size=1100,900",
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0", // loopback only; the port chosen is written to the profile
                "about:blank");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + START.toNanos();
            int port = devToolsPort(process, profile.resolve("DevToolsActivePort"), log, deadline);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI page = pageTarget(http, port, log, deadline);
            return new HeadlessChromium(process, work, log, http, page);
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroy();
            stop(process);
            delete(work);
            throw e;
        }
    }

    /** Chromium writes the port it chose into its profile, once the DevTools server listens. */
    private static int devToolsPort(Process process, Path portFile, Path log, long deadline)
            throws IOException, InterruptedException {
        while (true) {
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (lines.size() >= 2) {
                    try {
                        return Integer.parseInt(lines.get(0).strip());
                    } catch (NumberFormatException e) {
                        // written half: read again
                    }
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + ": " + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Chromium opened no DevTools port within " + START.toSeconds() + " s: " + tail(log));
            }
            Thread.sleep(100);
        }
    }

    /** The WebSocket URL of the tab Chromium opened for about:blank. */
    private static URI pageTarget(HttpClient http, int port, Path log, long deadline) throws IOException, InterruptedException {
        URI list = URI.create("http://127.0.0.1:" + port + "/json/list");
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(list).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                for (JsonNode t : JSON.readTree(r.body())) {
                    if ("page".equals(text(t.path("type"))) && t.has("webSocketDebuggerUrl")) {
                        return URI.create(text(t.get("webSocketDebuggerUrl")));
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Chromium shows no page target: " + r.body() + "; " + tail(log));
            }
            Thread.sleep(100);
        }
    }

    private HeadlessChromium(Process process, Path work, Path log, HttpClient http, URI page) throws InterruptedException {
        this.process = process;
        this.work = work;
        this.log = log;
        try {
            this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(page, new Listener()).get(CALL.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot open the DevTools WebSocket " + page + ": " + e + "; " + tail(log), e);
        }
        call("Page.enable", null);
        call("Runtime.enable", null);
        call("Log.enable", null);
    }

    /** Reassembles each message from its frames and hands it on. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                received(JSON.readTree(message));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failAll(new IllegalStateException("DevTools connection closed: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failAll(error);
        }
    }

    private void received(JsonNode m) {
        if (m.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(m.get("id").asLong());
            if (f != null) {
                f.complete(m);
            }
            return;
        }
        String method = text(m.path("method"));
        JsonNode params = m.path("params");
        if (method.equals("Log.entryAdded") && "security".equals(text(params.path("entry").path("source")))) {
            problems.add("security: " + text(params.path("entry").path("text")));
        } else if (method.equals("Runtime.exceptionThrown")) {
            JsonNode d = params.path("exceptionDetails");
            problems.add("exception: " + text(d.path("text")) + " " + text(d.path("exception").path("description")));
        }
    }

    private void failAll(Throwable t) {
        pending.values().forEach(f -> f.completeExceptionally(t));
        pending.clear();
    }

    /** One DevTools command; its {@code result}. */
    JsonNode call(String method, ObjectNode params) throws InterruptedException {
        long id = ids.incrementAndGet();
        ObjectNode m = JSON.createObjectNode();
        m.put("id", id);
        m.put("method", method);
        m.set("params", params == null ? JSON.createObjectNode() : params);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (socket) { // one send at a time, as WebSocket requires
                socket.sendText(JSON.writeValueAsString(m), true).get(CALL.toSeconds(), TimeUnit.SECONDS);
            }
            JsonNode r = answer.get(CALL.toSeconds(), TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IllegalStateException(method + " failed: " + r.get("error"));
            }
            return r.path("result");
        } catch (ExecutionException | TimeoutException e) {
            pending.remove(id);
            throw new IllegalStateException(method + " failed: " + e + "; " + tail(log), e);
        }
    }

    /** Loads {@code url} in the tab. */
    void navigate(URI url) throws InterruptedException {
        ObjectNode p = JSON.createObjectNode();
        p.put("url", url.toString());
        JsonNode r = call("Page.navigate", p);
        if (r.has("errorText")) {
            throw new IllegalStateException("cannot load " + url + ": " + text(r.get("errorText")));
        }
    }

    /** The value of a JavaScript expression in the page (JSON-serialisable values only). */
    JsonNode evaluate(String expression) throws InterruptedException {
        ObjectNode p = JSON.createObjectNode();
        p.put("expression", expression);
        p.put("returnByValue", true);
        JsonNode r = call("Runtime.evaluate", p);
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException(expression + " threw: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Waits until a JavaScript condition holds in the page; fails with the page's text if it does not in time. */
    void await(String condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                if (evaluate("Boolean(" + condition + ")").asBoolean()) {
                    return;
                }
            } catch (IllegalStateException e) {
                last = e.getMessage(); // e.g. the page is still loading: try again
            }
            Thread.sleep(100);
        }
        String text;
        try {
            text = text(evaluate("document.body ? document.body.innerText : ''"));
        } catch (IllegalStateException e) {
            text = e.getMessage();
        }
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + condition + "; last error: " + last
                + "; problems: " + problems + "; page text:\n" + text);
    }

    /** Security console messages (a CSP violation is one) and uncaught exceptions seen so far. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** A PNG of the whole page, {@code width} CSS pixels wide at scale 1. */
    byte[] screenshot(int width) throws InterruptedException {
        metrics(width, 900);
        int height = Math.max(200, evaluate("Math.ceil(document.body.getBoundingClientRect().bottom)").asInt());
        metrics(width, height);
        ObjectNode p = JSON.createObjectNode();
        p.put("format", "png");
        return Base64.getDecoder().decode(text(call("Page.captureScreenshot", p).get("data")));
    }

    private void metrics(int width, int height) throws InterruptedException {
        ObjectNode p = JSON.createObjectNode();
        p.put("width", width);
        p.put("height", height);
        p.put("deviceScaleFactor", 1);
        p.put("mobile", false);
        call("Emulation.setDeviceMetricsOverride", p);
    }

    @Override
    public void close() {
        try {
            call("Browser.close", null);
        } catch (RuntimeException | InterruptedException e) {
            // stopped below either way
        }
        socket.abort();
        stop(process);
        delete(work);
    }

    /** Waits briefly for the browser to exit, then ends it (SIGTERM, then SIGKILL), and any of its helpers left. */
    private static void stop(Process process) {
        List<ProcessHandle> helpers = process.descendants().toList();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroy();
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        helpers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Best effort: the folder is in the system's temporary folder either way. */
    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // left for the system's temporary-file cleanup
        }
    }

    /** A string node's text; "" for anything else. */
    static String text(JsonNode n) {
        return n != null && n.isString() ? n.asString() : "";
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.ISO_8859_1);
            return s.length() > 2000 ? "..." + s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
