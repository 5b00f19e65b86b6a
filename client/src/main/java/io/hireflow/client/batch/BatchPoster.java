package io.hireflow.client.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.hireflow.client.http.ApiClient;
import io.hireflow.client.http.ApiException;
import io.hireflow.client.http.ApiResponse;
import io.hireflow.client.output.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Sends files of rows to {@code POST /tables/{t}/rows} in order, a batch per request, and accounts for
 * every row: inserted, rejected (written to the rejects file with its source line) or, in atomic mode,
 * left out with its batch. Each batch carries an Idempotency-Key, so it is retried on a 503 or a lost
 * connection without being written twice. Stops at the first batch the API refuses outright (or that
 * stays unanswered after the retries), saying which one and how to resend it.
 */
public final class BatchPoster {

    private final ApiClient api;
    private final String table;
    private final int batchSize;
    private final boolean atomic;
    private final RejectsFile rejects;
    private final Progress progress;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    static final String RESEND = "To resend, run the same command again: every batch carries an Idempotency-Key "
            + "derived from its file, position and content, so the batches the API already stored are answered from "
            + "its record and never written twice";

    public BatchPoster(ApiClient api, String table, int batchSize, boolean atomic, RejectsFile rejects,
            Progress progress) {
        this.api = api;
        this.table = table;
        this.batchSize = batchSize;
        this.atomic = atomic;
        this.rejects = rejects;
        this.progress = progress;
    }

    public PostSummary post(List<Path> files) {
        String path = "/tables/" + URLEncoder.encode(table, StandardCharsets.UTF_8) + "/rows"
                + (atomic ? "?atomic=true" : "");
        if (progress.enabled()) {
            long[] counts = files.stream().mapToLong(BatchPoster::countLines).toArray();
            // One file of unknown length (JSON) makes the whole total unknown: no bar, rows and rate only.
            progress.total(java.util.Arrays.stream(counts).anyMatch(c -> c < 0) ? -1
                    : java.util.Arrays.stream(counts).sum());
        }
        List<PostSummary.FileResult> results = new ArrayList<>();
        Map<String, Long> byRule = new TreeMap<>();
        long done = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            long sent = 0;
            long inserted = 0;
            long rejected = 0;
            long left = 0;
            int batches = 0;
            try (BatchReader reader = BatchReader.open(file, batchSize)) {
                while (reader.hasNext()) {
                    Batch batch = reader.next();
                    JsonNode result = send(path, batch, runId + "-" + (f + 1) + "-" + batch.number());
                    batches++;
                    sent += batch.size();
                    inserted += result.path("inserted").asLong();
                    for (JsonNode reject : result.path("rejected")) {
                        int index = reject.path("index").asInt(-1);
                        rejects.write(file, batch.line(index), batch.number(), index, reject.path("row"),
                                reject.path("errors"));
                        reject.path("errors").forEach(e -> byRule.merge(e.path("rule").asText(), 1L, Long::sum));
                        rejected++;
                    }
                    left = sent - inserted - rejected;
                    done += batch.size();
                    progress.update(done, file.getFileName().toString());
                }
            } catch (BatchFileException e) {
                // A file that turns out malformed half way says how much of it was already sent.
                throw alreadySent(e, sent, batches);
            }
            results.add(new PostSummary.FileResult(file.toString(), batches, sent, inserted, rejected, left));
        }
        progress.finish(done);
        return new PostSummary(table, atomic, results, results.stream().mapToInt(PostSummary.FileResult::batches)
                .sum(), results.stream().mapToLong(PostSummary.FileResult::sent).sum(),
                results.stream().mapToLong(PostSummary.FileResult::inserted).sum(),
                results.stream().mapToLong(PostSummary.FileResult::rejected).sum(),
                results.stream().mapToLong(PostSummary.FileResult::notInserted).sum(), byRule,
                rejects.count() > 0 ? rejects.path().toString() : null);
    }

    /** {@code e} itself when nothing was sent yet (a file that cannot be opened, a bad batch size). */
    private static BatchFileException alreadySent(BatchFileException e, long sent, int batches) {
        return sent == 0 ? e : new BatchFileException(e.getMessage() + " (the " + sent + " rows before it, in "
                + batches + " batches, were sent)");
    }

    /**
     * Posts one batch with its Idempotency-Key, so the API client may send it again on a 503 or a lost
     * connection: the API writes it at most once and answers a repeat with the first answer.
     */
    private JsonNode send(String path, Batch batch, String requestId) {
        ApiResponse answer;
        try {
            answer = api.send("POST", path, batch.body(), batch.contentType(), ApiClient.JSON,
                    Map.of("X-Request-Id", requestId, "Idempotency-Key", "\"" + idempotencyKey(batch) + "\""), true);
        } catch (ApiException e) {
            throw new ApiException(e.status(), describe(batch) + " may not have been written, and nothing after it "
                    + "was sent: " + e.getMessage() + ". " + RESEND);
        }
        boolean result = !answer.isProblem() && (answer.status() == 200 || answer.status() == 201
                || answer.status() == 422);
        if (!result) {
            throw new ApiException(answer.status(), describe(batch) + " was not written, and nothing after it was "
                    + "sent: " + api.describe(answer, null, null) + (answer.status() >= 500 ? ". " + RESEND : ""));
        }
        JsonNode body = api.parse(answer);
        if (body.path("received").asInt() != batch.size()) {
            throw new ApiException(answer.status(), "Batch " + batch.number() + " of " + batch.file() + ": sent "
                    + batch.size() + " rows but the API received " + body.path("received").asInt());
        }
        return body;
    }

    private static String describe(Batch batch) {
        return "Batch " + batch.number() + " of " + batch.file() + " (lines " + batch.firstLine() + "-"
                + batch.lastLine() + ")";
    }

    /**
     * The batch's Idempotency-Key, derived from what the batch is (table, mode, file name, position and
     * content), never from the run: the same command run again sends the same keys, so batches the API
     * already stored are replayed, not written twice.
     */
    String idempotencyKey(Batch batch) {
        MessageDigest digest = sha256();
        for (String part : new String[] {table, String.valueOf(atomic), batch.file().getFileName().toString(),
                String.valueOf(batch.number()), batch.contentType()}) {
            digest.update(part.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        digest.update(batch.body().getBytes(StandardCharsets.UTF_8));
        return "batch-" + batch.number() + "-" + HexFormat.of().formatHex(digest.digest(), 0, 20);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Lines in the file, as the progress bar's total: one pass over bytes, cheap next to the upload. */
    private static long countLines(Path file) {
        if (BatchReader.isJson(file)) {
            return -1;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            long lines = 0;
            int last = '\n';
            for (int n; (n = in.read(buffer)) > 0;) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                last = buffer[n - 1];
            }
            return last == '\n' ? lines : lines + 1;
        } catch (IOException e) {
            return -1;
        }
    }
}
