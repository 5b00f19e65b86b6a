package io.hireflow.api.rejects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Where an export into a JSON-lines file stopped, read from the file itself: the {@code id} of its
 * last complete line. A line torn by a crash in the middle of an append is cut off first, so the
 * export starts again right after the last line that was written whole. Reads backwards from the
 * end: a file of any size costs one line's worth of reading.
 */
final class JsonLinesTail {

    private static final int CHUNK = 8192;

    private JsonLinesTail() {
    }

    /**
     * @return 0 for a missing or empty file; the last line's {@code id}; empty when the last line has no
     *         {@code id} (a file written before exports existed)
     */
    static OptionalLong lastId(Path file, ObjectMapper json) throws IOException {
        if (!Files.exists(file)) {
            return OptionalLong.of(0);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = completeLength(channel);
            if (end < channel.size()) {
                channel.truncate(end);
                channel.force(true);
            }
            if (end == 0) {
                return OptionalLong.of(0);
            }
            long start = lineStart(channel, end - 1);
            ByteBuffer line = ByteBuffer.allocate((int) (end - 1 - start));
            channel.read(line, start);
            JsonNode last = json.readTree(new String(line.array(), StandardCharsets.UTF_8));
            return last != null && last.path("id").canConvertToLong() ? OptionalLong.of(last.path("id").asLong())
                    : OptionalLong.empty();
        }
    }

    /** The length of the file up to and including its last newline (0 if it has none). */
    private static long completeLength(FileChannel channel) throws IOException {
        long newline = lastNewlineBefore(channel, channel.size());
        return newline < 0 ? 0 : newline + 1;
    }

    /** Where the line ending with the newline at {@code newlineAt} starts. */
    private static long lineStart(FileChannel channel, long newlineAt) throws IOException {
        return lastNewlineBefore(channel, newlineAt) + 1;
    }

    /** The position of the last {@code '\n'} before {@code limit}, or -1. */
    private static long lastNewlineBefore(FileChannel channel, long limit) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        for (long to = limit; to > 0;) {
            long from = Math.max(0, to - CHUNK);
            buffer.clear().limit((int) (to - from));
            while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
                // read the whole chunk
            }
            for (int i = buffer.position() - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    return from + i;
                }
            }
            to = from;
        }
        return -1;
    }
}
