package io.hireflow.api.rejects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hireflow.api.database.DateTimes;
import io.hireflow.api.database.TsvBytes;
import io.hireflow.api.dictionary.Table;

/**
 * Rejected rows of one table as the {@code LOAD DATA} text of {@code rejected_rows}, encoded as they are
 * found: a history chunk keeps a couple of hundred bytes per reject until it commits instead of a
 * {@link Reject}'s kilobyte of objects, so chunks of tens of thousands of rows fit in a small heap even
 * when most of their rows are rejected. Loaded by {@link RejectsLog#load}.
 */
public final class RejectRows {

    static final String COLUMNS = "table_name, rejected_at, source, origin, position, row_json, errors_json";
    // 64 KB of TEXT holds at least 16k characters of any kind.
    private static final int MAX_ROW_JSON_CHARS = 16_000;

    private final ObjectMapper json;
    private final Table table;
    private TsvBytes tsv = new TsvBytes(1024);
    private byte[] text;
    private int count;

    public RejectRows(ObjectMapper json, Table table) {
        this.json = json;
        this.table = table;
    }

    public Table table() {
        return table;
    }

    /** Adds one reject of this table. */
    public void add(Reject reject) {
        if (text != null) {
            throw new IllegalStateException("the rejects were finished");
        }
        try {
            tsv.text(table.tableName());
            tsv.tab();
            tsv.text(DateTimes.text(reject.at()));
            tsv.tab();
            tsv.text(reject.source());
            tsv.tab();
            tsv.text(truncate(reject.origin(), 255));
            tsv.tab();
            tsv.text(Long.toString(reject.position()));
            tsv.tab();
            tsv.text(abridged(json, json.writeValueAsString(reject.row())));
            tsv.tab();
            tsv.text(json.writeValueAsString(reject.errors()));
            tsv.newline();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a rejected row as JSON", e);
        }
        count++;
    }

    /** Keeps the text at its length and drops the buffer it was written in; no more rejects can be added. */
    public RejectRows finish() {
        if (text == null) {
            text = tsv.take();
            tsv = null;
        }
        return this;
    }

    public int count() {
        return count;
    }

    byte[] text() {
        return finish().text;
    }

    /** row_json is a TEXT column (64 KB); a hostile row larger than that is kept abridged, in full in the file. */
    private static String abridged(ObjectMapper json, String rowJson) {
        if (rowJson.length() <= MAX_ROW_JSON_CHARS) {
            return rowJson;
        }
        ObjectNode note = json.createObjectNode();
        note.put("abridged", true);
        note.put("originalChars", rowJson.length());
        note.put("start", rowJson.substring(0, 1000));
        return note.toString();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
