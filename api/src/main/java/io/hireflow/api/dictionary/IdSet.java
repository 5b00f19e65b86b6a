package io.hireflow.api.dictionary;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * A set of positive ids that stays small for the dense ids HR tables use: a bit per id up to
 * {@value #DENSE_LIMIT} (a million ids cost 125 KB), a hash set only for ids beyond that.
 */
public final class IdSet {

    static final int DENSE_LIMIT = 1 << 27;

    private final BitSet dense = new BitSet();
    private final Set<Integer> sparse = new HashSet<>();

    public boolean contains(int id) {
        return id >= 0 && id < DENSE_LIMIT ? dense.get(id) : sparse.contains(id);
    }

    public void add(int id) {
        if (id >= 0 && id < DENSE_LIMIT) {
            dense.set(id);
        } else {
            sparse.add(id);
        }
    }

    public void addAll(IdSet other) {
        dense.or(other.dense);
        sparse.addAll(other.sparse);
    }

    /** Whether an id is in both sets. */
    public boolean intersects(IdSet other) {
        if (dense.intersects(other.dense)) {
            return true;
        }
        Set<Integer> small = sparse.size() <= other.sparse.size() ? sparse : other.sparse;
        Set<Integer> large = small == sparse ? other.sparse : sparse;
        return small.stream().anyMatch(large::contains);
    }
}
