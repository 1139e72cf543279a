package io.engagementlake.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Numbers the distinct values of a column in order of first appearance, so that terms
 * depending only on that value can be computed once per value. Local to one likelihood
 * set-up; not shared.
 */
final class DistinctValues {
    private final Map<Double, Integer> indexByValue = new HashMap<>();
    private double[] values = new double[16];

    /** The index of {@code value}, assigning the next one if it is new. */
    int indexOf(double value) {
        Integer index = indexByValue.get(value);
        if (index != null) {
            return index;
        }
        int next = indexByValue.size();
        if (next == values.length) {
            values = Arrays.copyOf(values, 2 * next);
        }
        values[next] = value;
        indexByValue.put(value, next);
        return next;
    }

    /** The distinct values, position i holding the value of index i. */
    double[] values() {
        return Arrays.copyOf(values, indexByValue.size());
    }
}
