package io.hireflow.api.database;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;

/** A unique key refused a row: the one test for it, whichever way the driver reports it. */
public final class DuplicateKey {

    /** MariaDB/MySQL's ER_DUP_ENTRY. */
    private static final int DUP_ENTRY = 1062;

    private DuplicateKey() {
    }

    /** True when {@code e} or a cause is a duplicate key (a batch wraps it in a BatchUpdateException). */
    public static boolean in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException
                    || (t instanceof SQLException sql && sql.getErrorCode() == DUP_ENTRY)) {
                return true;
            }
        }
        return false;
    }
}
