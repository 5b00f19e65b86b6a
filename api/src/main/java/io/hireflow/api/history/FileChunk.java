package io.hireflow.api.history;

/**
 * A run of whole CSV records of a history file, as bytes.
 *
 * @param startOffset byte offset of its first record in the file
 * @param endOffset byte offset after its last record
 * @param firstLine line of its first record (1-based, physical lines: a quoted newline counts)
 * @param endLine the first line after it
 * @param crc CRC-32C of its bytes
 */
record FileChunk(long startOffset, long endOffset, long firstLine, long endLine, long crc, byte[] bytes) {

    FileChunk withoutBytes() {
        return new FileChunk(startOffset, endOffset, firstLine, endLine, crc, null);
    }

    /** Whether this is the file's last chunk. */
    boolean last(long fileBytes) {
        return endOffset >= fileBytes;
    }
}
