package dev.loadgen.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.loadgen.core.InputException;
import dev.loadgen.core.MaskedUrl;
import dev.loadgen.core.report.WrkUnits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code --capture FILE=URL}: once the measured window starts, each URL is fetched once (with {@code {seconds}} in
 * it replaced by the window's length) and its body saved to FILE, so that a CPU or heap profile of the service
 * covers exactly the measured load. FILE is written only for a 2xx response, complete or not at all; a capture that
 * fails is reported and never fails the run.
 *
 * <p>Threading: opened, started and finished by the command line's thread; the fetches run on a daemon thread of
 * their own and the HTTP client's.
 */
final class Captures implements AutoCloseable {
    /** How long a capture may take beyond the window it covers. */
    static final Duration GRACE = Duration.ofSeconds(30);

    private final List<Capture> captures;
    private final long windowSeconds;
    private final ScheduledExecutorService timer;
    private final HttpClient client;

    private Captures(List<Capture> captures, long windowSeconds) {
        this.captures = captures;
        this.windowSeconds = windowSeconds;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "loadgen-capture");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * The captures of {@code specs} ({@code FILE=URL} each) for a measured window of {@code windowNanos} (0 when the
     * run has no duration); their files are opened now, so that a path that cannot be written is bad input.
     *
     * @throws InputException for a spec without {@code =}, a URL that is not http or https, {@code {seconds}} in a
     *                        run without a duration, or a file that cannot be written
     */
    static Captures open(List<String> specs, long windowNanos) throws InputException {
        long seconds = Math.max(1, Math.round(windowNanos / 1e9));
        List<Capture> captures = new ArrayList<>();
        try {
            for (String spec : specs) {
                int split = spec.indexOf('=');
                if (split <= 0 || split == spec.length() - 1) {
                    throw new InputException("--capture '" + spec + "': expected FILE=URL");
                }
                String file = spec.substring(0, split);
                String url = spec.substring(split + 1);
                if (url.contains("{seconds}") && windowNanos <= 0) {
                    throw new InputException("--capture '" + spec + "': {seconds} needs a run with a duration (-d)");
                }
                URI uri = parse(spec, url.replace("{seconds}", Long.toString(seconds)));
                captures.add(new Capture(file, uri, OutputFile.open(Path.of(file), "--capture")));
            }
        } catch (InputException | RuntimeException e) {
            for (Capture capture : captures) {
                capture.output.close();
            }
            throw e;
        }
        return new Captures(captures, seconds);
    }

    private static URI parse(String spec, String url) throws InputException {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
                throw new InputException("--capture '" + spec + "': the URL must be http:// or https://");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InputException("--capture '" + spec + "': invalid URL: " + e.getReason());
        }
    }

    /** Starts each fetch {@code delayNanos} from now: when the measured window starts. */
    void start(long delayNanos) {
        for (Capture capture : captures) {
            timer.schedule(() -> fetch(capture), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        }
    }

    private void fetch(Capture capture) {
        HttpRequest request = HttpRequest.newBuilder(capture.url)
                .timeout(Duration.ofSeconds(windowSeconds).plus(GRACE))
                .GET()
                .build();
        capture.result = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> save(capture, response));
    }

    /** Saves a 2xx body to the capture's file; says what happened. */
    private static Outcome save(Capture capture, HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                return new Outcome(response.statusCode(), 0, "status " + response.statusCode());
            }
            OutputStream out = capture.output.stream();
            long bytes = body.transferTo(out);
            capture.output.commit();
            return new Outcome(response.statusCode(), bytes, null);
        } catch (IOException e) {
            return new Outcome(response.statusCode(), 0, describe(e));
        }
    }

    /**
     * Waits for the fetches, each until the window's length plus {@link #GRACE} after the run started at most, and
     * reports them: one line each for the text report.
     */
    String finish() {
        StringBuilder text = new StringBuilder();
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (Capture capture : captures) {
            if (capture.result == null) {
                capture.outcome = new Outcome(0, 0, "the run ended before the measured window started");
            } else {
                try {
                    capture.outcome =
                            capture.result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    capture.outcome = new Outcome(0, 0, describe(e.getCause()));
                } catch (TimeoutException e) {
                    capture.result.cancel(true);
                    capture.outcome = new Outcome(0, 0, "no complete response in time");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    capture.outcome = new Outcome(0, 0, "interrupted");
                }
            }
            Outcome outcome = capture.outcome;
            text.append("Capture ")
                    .append(capture.file)
                    .append(": ")
                    .append(
                            outcome.error == null
                                    ? outcome.status + ", " + WrkUnits.formatBytes((double) outcome.bytes)
                                    : "failed (" + outcome.error + ")")
                    .append(" from ")
                    .append(MaskedUrl.of(String.valueOf(capture.url)))
                    .append('\n');
        }
        return text.toString();
    }

    /** The captures for the JSON result, after {@link #finish}. */
    void writeJson(JsonGenerator json) throws IOException {
        json.writeArrayFieldStart("captures");
        for (Capture capture : captures) {
            json.writeStartObject();
            json.writeStringField("file", capture.file);
            json.writeStringField("url", MaskedUrl.of(String.valueOf(capture.url)));
            json.writeNumberField("status", capture.outcome.status);
            json.writeNumberField("bytes", capture.outcome.bytes);
            if (capture.outcome.error != null) {
                json.writeStringField("error", capture.outcome.error);
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** One line for a user: what the HTTP client's exception (or one it wraps) says. */
    private static String describe(Throwable e) {
        Throwable root = e;
        for (Throwable at = e; at != null; at = at.getCause() == at ? null : at.getCause()) {
            if (at instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (at instanceof java.net.http.HttpTimeoutException) {
                return "timed out";
            }
            root = at;
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Removes the file of every capture that did not complete. */
    @Override
    public void close() {
        timer.shutdownNow();
        for (Capture capture : captures) {
            if (capture.result != null) {
                capture.result.cancel(true);
            }
            capture.output.close();
        }
    }

    /** What a capture got: its status (0 for none), the bytes saved and the error, null when it succeeded. */
    private record Outcome(int status, long bytes, String error) {}

    /** One {@code --capture}; its result is set by the timer's thread and read after {@link #finish}'s wait. */
    private static final class Capture {
        final String file;
        final URI url;
        final OutputFile output;
        volatile CompletableFuture<Outcome> result;
        Outcome outcome;

        Capture(String file, URI url, OutputFile output) {
            this.file = file;
            this.url = url;
            this.output = output;
        }
    }
}
