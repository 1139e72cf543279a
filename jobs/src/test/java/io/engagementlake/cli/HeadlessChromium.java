package io.engagementlake.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;

/**
 * Debian's Chromium, headless, driven over the Chrome DevTools Protocol (the JDK's WebSocket
 * client and Jackson; no driver binary whose version must match the browser's). It records
 * what a person's browser console would show (console errors, uncaught exceptions, the
 * browser's own error log such as a blocked or failed load) and every request the page makes,
 * and can evaluate script in the page and take a screenshot of the whole page.
 */
final class HeadlessChromium implements AutoCloseable {
    /** The Debian package that provides the browser. */
    static final String PACKAGE = "chromium";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final String session;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new ArrayList<>();

    private HeadlessChromium(Process process, Path profile, String endpoint) throws IOException {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(TIMEOUT)
                .buildAsync(URI.create(endpoint), new Listener())
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .join();
        String target = send(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
        this.session = send(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).path("sessionId").asText();
        for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
            send(domain + ".enable", Map.of());
        }
    }

    /** Starts the browser; fails naming the package to install when it is not there. */
    static HeadlessChromium start() throws IOException {
        String executable = executable();
        Path profile = Files.createTempDirectory("chromium-profile");
        Process process = new ProcessBuilder(executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-extensions",
                "--disable-sync", "--disable-component-update", "--hide-scrollbars", "--mute-audio",
                "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                "--user-data-dir=" + profile, "about:blank")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            // Keep draining stderr so that the browser never blocks on a full pipe.
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Matcher match = DEVTOOLS.matcher(line);
                    if (match.find()) {
                        endpoint.complete(match.group(1));
                    }
                }
            }
            catch (IOException e) {
                endpoint.completeExceptionally(e);
            }
            endpoint.completeExceptionally(new IllegalStateException("chromium exited before it listened for DevTools"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return new HeadlessChromium(process, profile, endpoint.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join());
        }
        catch (RuntimeException | IOException e) {
            process.destroyForcibly();
            FileUtils.deleteQuietly(profile.toFile());
            throw e;
        }
    }

    private static String executable() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(directory, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new AssertionError("this test needs headless Chromium, which is not on the PATH: install Debian's package with "
                + "'apt-get install -y " + PACKAGE + "' (.ci/run does)");
    }

    /** Opens {@code page} at {@code width} × {@code height} CSS pixels and waits for its load event. */
    void open(Path page, int width, int height) {
        resize(width, height);
        int before;
        synchronized (this) {
            before = events.size();
        }
        send("Page.navigate", Map.of("url", page.toUri().toString()));
        await(before, event -> event.path("method").asText().equals("Page.loadEventFired"), "the page's load event");
    }

    void resize(int width, int height) {
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** The value of a script expression evaluated in the page (awaiting a promise), as JSON. */
    JsonNode evaluate(String expression) {
        JsonNode reply = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (reply.has("exceptionDetails")) {
            throw new AssertionError("script failed in the page: " + reply.path("exceptionDetails"));
        }
        return reply.path("result").path("value");
    }

    /** Waits until {@code expression} is truthy in the page. */
    void waitFor(String expression) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!evaluate("Boolean(" + expression + ")").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page did not reach " + expression + " within " + TIMEOUT);
            }
            Thread.sleep(100);
        }
    }

    /** A PNG of the whole page, not just the viewport. */
    void screenshot(Path file) throws IOException {
        JsonNode reply = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(reply.path("data").asText()));
    }

    /** Console errors and assertions, uncaught exceptions and the browser's error log entries, as text. */
    synchronized List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (JsonNode event : events) {
            JsonNode params = event.path("params");
            switch (event.path("method").asText()) {
                case "Runtime.consoleAPICalled" -> {
                    String type = params.path("type").asText();
                    if (type.equals("error") || type.equals("assert")) {
                        List<String> arguments = new ArrayList<>();
                        params.path("args").forEach(argument -> arguments.add(argument.has("value")
                                ? argument.path("value").asText() : argument.path("description").asText()));
                        errors.add("console." + type + ": " + String.join(" ", arguments));
                    }
                }
                case "Runtime.exceptionThrown" -> {
                    JsonNode details = params.path("exceptionDetails");
                    errors.add("uncaught: " + details.path("exception").path("description").asText(details.path("text").asText()));
                }
                case "Log.entryAdded" -> {
                    if (params.path("entry").path("level").asText().equals("error")) {
                        errors.add("browser log: " + params.path("entry").path("text").asText() + " "
                                + params.path("entry").path("url").asText());
                    }
                }
                default -> { }
            }
        }
        return errors;
    }

    /** Every URL the page requested, the page itself included. */
    synchronized List<String> requestedUrls() {
        return events.stream()
                .filter(event -> event.path("method").asText().equals("Network.requestWillBeSent"))
                .map(event -> event.path("params").path("request").path("url").asText())
                .toList();
    }

    private JsonNode send(String method, Map<String, Object> params) {
        return send(session, method, params);
    }

    private JsonNode send(String sessionId, String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", JSON.valueToTree(params));
        if (sessionId != null) {
            command.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        socket.sendText(command.toString(), true).join();
        JsonNode message = reply.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        if (message.has("error")) {
            throw new AssertionError(method + " failed: " + message.path("error"));
        }
        return message.path("result");
    }

    /** Waits for an event that matches, among those received after the first {@code from}. */
    private void await(int from, Predicate<JsonNode> event, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (this) {
            while (events.subList(from, events.size()).stream().noneMatch(event)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("no " + what + " within " + TIMEOUT);
                }
                try {
                    wait(left);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + what, e);
                }
            }
        }
    }

    private synchronized void received(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = replies.remove(message.path("id").asInt());
            if (reply != null) {
                reply.complete(message);
            }
            return;
        }
        events.add(message);
        notifyAll();
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendText(JSON.createObjectNode().put("id", ids.incrementAndGet()).put("method", "Browser.close").toString(), true);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        finally {
            socket.abort();
            FileUtils.deleteQuietly(profile.toFile());
        }
    }

    /** Collects the text frames of each message (a screenshot arrives in many) and hands whole messages on. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                try {
                    received(JSON.readTree(message.toString()));
                }
                catch (IOException e) {
                    throw new IllegalStateException("DevTools sent a message that is not JSON", e);
                }
                message.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
