package io.engagementlake.generate;

/**
 * SplitMix64 random numbers plus the stateless hashing the generator derives everything from.
 *
 * <p>Every attribute of a customer is a hash of (seed, tag, customer index), and every
 * customer-day reseeds one instance from (seed, tag, customer, day). That is what lets the
 * generator work day by day without remembering anything per customer, and what makes the
 * output independent of how customers are spread over threads. {@link java.util.Random} and
 * {@link java.util.SplittableRandom} cannot be reseeded without allocating and have a weaker
 * mixing of nearby seeds.
 */
final class DeterministicRandom {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double UNIT = 0x1.0p-53;

    private long state;

    DeterministicRandom() {
        this(0);
    }

    DeterministicRandom(long seed) {
        state = seed;
    }

    /** The SplitMix64 finaliser: a bijection that spreads every input bit over the output. */
    static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long hash(long seed, long tag, long first) {
        return mix(mix(mix(seed + GOLDEN_GAMMA) ^ tag) + first * GOLDEN_GAMMA);
    }

    static long hash(long seed, long tag, long first, long second) {
        return mix(hash(seed, tag, first) + second * 0xD1B54A32D192ED03L);
    }

    static long hash(long seed, long tag, long first, long second, long third) {
        return mix(hash(seed, tag, first, second) + third * 0x8CB92BA72F3D8DD7L);
    }

    /** A hash mapped to [0, 1). */
    static double unit(long hash) {
        return (hash >>> 11) * UNIT;
    }

    /** A hash mapped to [0, bound). */
    static int below(long hash, int bound) {
        return (int) (((hash >>> 32) * bound) >>> 32);
    }

    /** A standard normal value from two hashes (Box-Muller). */
    static double gaussian(long firstHash, long secondHash) {
        double radius = Math.sqrt(-2 * Math.log(1 - unit(firstHash)));
        return radius * Math.cos(2 * Math.PI * unit(secondHash));
    }

    /**
     * An approximately standard normal value from one hash: the Irwin-Hall sum of three
     * uniforms, rescaled. Bounded to [-3, 3], which suits customer traits, and far cheaper than
     * {@link #gaussian(long, long)} in the loop that runs for every customer and day.
     */
    static double roughGaussian(long hash) {
        double sum = ((hash >>> 43) + ((hash >>> 22) & 0x1FFFFF) + ((hash >>> 1) & 0x1FFFFF)) * 0x1.0p-21;
        return (sum - 1.5) * 2;
    }

    void reseed(long seed) {
        state = seed;
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return unit(nextLong());
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        return below(nextLong(), bound);
    }

    /** Uniform in [from, to], both inclusive. */
    int nextInt(int from, int to) {
        return from + nextInt(to - from + 1);
    }

    boolean chance(double probability) {
        return nextDouble() < probability;
    }

    double nextGaussian() {
        return gaussian(nextLong(), nextLong());
    }

    <T> T pick(T[] values) {
        return values[nextInt(values.length)];
    }

    /** An index drawn with the given weights (need not sum to 1). */
    int pickWeighted(double[] weights) {
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double target = nextDouble() * total;
        for (int index = 0; index < weights.length - 1; index++) {
            target -= weights[index];
            if (target < 0) {
                return index;
            }
        }
        return weights.length - 1;
    }
}
