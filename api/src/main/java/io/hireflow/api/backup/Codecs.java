package io.hireflow.api.backup;

import org.apache.avro.file.CodecFactory;

/** Parses the {@code hireflow.backup.codec} setting: a codec name, optionally with a level ({@code zstandard-3}). */
public final class Codecs {

    private Codecs() {
    }

    /** A codec as named in metadata ({@code zstandard}) and the factory that makes it. */
    public record Codec(String name, CodecFactory factory) {
    }

    public static Codec parse(String setting) {
        String name = setting.trim().toLowerCase();
        Integer level = null;
        int dash = name.lastIndexOf('-');
        if (dash > 0 && name.substring(dash + 1).matches("-?\\d+")) {
            level = Integer.parseInt(name.substring(dash + 1));
            name = name.substring(0, dash);
        }
        CodecFactory factory = switch (name) {
            case "null" -> CodecFactory.fromString("null"); // nullCodec() can be null during class init
            case "snappy" -> CodecFactory.fromString("snappy");
            case "deflate" -> CodecFactory.deflateCodec(level == null ? CodecFactory.DEFAULT_DEFLATE_LEVEL : level);
            case "zstandard", "zstd" -> CodecFactory.zstandardCodec(level == null ? 3 : level);
            default -> throw new IllegalArgumentException("hireflow.backup.codec '" + setting
                    + "' is not one of null, deflate[-level], snappy, zstandard[-level]");
        };
        return new Codec(name.equals("zstd") ? "zstandard" : name, factory);
    }
}
