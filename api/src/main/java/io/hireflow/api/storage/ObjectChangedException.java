package io.hireflow.api.storage;

import java.io.IOException;

/**
 * The object is no longer the version it was listed as: another file was put in its place since. Reading
 * on would mix the bytes of two files under the checksum of one.
 */
public final class ObjectChangedException extends IOException {

    public ObjectChangedException(String location) {
        super(location + " was replaced while hireflow was reading it (it is not the version listed when the "
                + "read began)");
    }
}
