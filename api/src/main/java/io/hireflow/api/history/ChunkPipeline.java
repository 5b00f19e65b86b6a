package io.hireflow.api.history;

import io.hireflow.api.database.Lease;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads a file chunk by chunk on the calling thread, checks each in file order, and hands the checked
 * chunks to writers on threads of their own (one connection each): checking the next chunk overlaps
 * writing this one, and with more writers several chunks commit side by side. Chunks an interrupted
 * load committed are skipped. The first failure stops everything; chunks not committed by then are
 * rolled back, to be loaded by a resume. A {@link #pauseAt pause} runs a step between the chunks before an
 * offset and those after it, once every chunk before it has committed.
 */
final class ChunkPipeline {

    /** Consumes checked chunks; one per writer thread. */
    interface Sink extends AutoCloseable {
        void write(ChunkChecker.CheckedChunk chunk) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** Opens a sink (a connection) for one writer thread. */
    interface Sinks {
        Sink open() throws Exception;
    }

    /** A step run between chunks, given the offset the file has been read to. */
    interface Pause {
        void run(long offset) throws Exception;
    }

    private static final Object END = new Object();
    // A chunk larger than this is not a record boundary problem we can load around: the file is not CSV.
    static final int MAX_CHUNK_BYTES = 256 << 20;

    private final HistoryFile file;
    private final int chunkRows;
    private final ChunkChecker checker;
    private final TableProgress progress;
    private final Lease lease;
    private final ChunkTimings timings;
    /** Chunks handed to the writers and not yet committed. */
    private final AtomicInteger unwritten = new AtomicInteger();
    private long pauseAt = Long.MAX_VALUE;
    private Pause pause;

    ChunkPipeline(HistoryFile file, int chunkRows, ChunkChecker checker, TableProgress progress, Lease lease,
            ChunkTimings timings) {
        this.file = file;
        this.chunkRows = chunkRows;
        this.checker = checker;
        this.progress = progress;
        this.lease = lease;
        this.timings = timings;
    }

    /**
     * Runs {@code step} once, before the first chunk that starts at or after {@code offset}, when every
     * chunk before that one has committed (a resume past the offset runs it before its first chunk).
     */
    ChunkPipeline pauseAt(long offset, Pause step) {
        this.pauseAt = offset;
        this.pause = step;
        return this;
    }

    /**
     * Runs the file through the checker into the sinks ({@code writers == 0}: checked only, as a dry
     * run does), skipping the chunks in {@code committed} (by start offset).
     */
    void run(NavigableMap<Long, LoadedFiles.Chunk> committed, int writers, Sinks sinks) throws Exception {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(Math.max(1, writers));
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            Thread thread = new Thread(() -> drain(queue, sinks, failure),
                    "history-write-" + progress.table.tableName() + "-" + i);
            thread.start();
            threads.add(thread);
        }
        try (CsvChunks chunks = new CsvChunks(file, chunkRows, MAX_CHUNK_BYTES)) {
            while (failure.get() == null) {
                if (lease != null && !lease.isHeld()) {
                    throw new ChunkWriter.LeaseLostException(lease, java.util.Optional.empty());
                }
                LoadedFiles.Chunk done = committed.get(chunks.offset());
                if (done != null) {
                    chunks.skipTo(done.endOffset(), done.endLine());
                    continue;
                }
                if (pause != null && chunks.offset() >= pauseAt) {
                    awaitWritten(failure);
                    if (failure.get() != null) {
                        break;
                    }
                    pause.run(chunks.offset());
                    pause = null;
                }
                Long nextDone = committed.higherKey(chunks.offset());
                long t = System.nanoTime();
                FileChunk chunk = chunks.next(nextDone == null ? Long.MAX_VALUE : nextDone);
                t = timings.add(ChunkTimings.Step.CUT, t);
                if (chunk == null) {
                    break;
                }
                if (!committed.isEmpty() && progress.resumedFromLine == null) {
                    synchronized (progress) {
                        progress.resumedFromLine = chunk.firstLine();
                    }
                }
                ChunkChecker.CheckedChunk checked = checker.check(chunk);
                t = timings.add(ChunkTimings.Step.CHECK, t);
                if (writers == 0) {
                    progress.done(checked);
                } else {
                    unwritten.incrementAndGet();
                    while (failure.get() == null && !queue.offer(checked, 100, TimeUnit.MILLISECONDS)) {
                        // wait for a writer, unless one failed
                    }
                    timings.add(ChunkTimings.Step.QUEUE, t);
                }
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        } finally {
            for (Thread ignored : threads) {
                while (failure.get() == null && !queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
                    // the writers are busy: wait
                }
            }
            if (failure.get() != null) {
                queue.clear();
                threads.forEach(Thread::interrupt);
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** Waits until the writers have committed every chunk handed to them, or one failed. */
    private void awaitWritten(AtomicReference<Exception> failure) throws InterruptedException {
        while (unwritten.get() > 0 && failure.get() == null) {
            Thread.sleep(10);
        }
    }

    private void drain(BlockingQueue<Object> queue, Sinks sinks, AtomicReference<Exception> failure) {
        try (Sink sink = sinks.open()) {
            while (failure.get() == null) {
                Object next = queue.poll(100, TimeUnit.MILLISECONDS);
                if (next == END) {
                    return;
                }
                if (next != null) {
                    ChunkChecker.CheckedChunk chunk = (ChunkChecker.CheckedChunk) next;
                    sink.write(chunk);
                    progress.done(chunk);
                    unwritten.decrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        } catch (Error e) {
            // Out of memory, say: the reader must not wait for this writer forever.
            failure.compareAndSet(null, new IllegalStateException("the chunk writer died: " + e, e));
            throw e;
        }
    }
}
