package io.warmstart.trainer.split;

import java.util.List;

/**
 * CPython's {@code random.Random(seed)} (MT19937, seeded by {@code init_by_array}) as far as
 * protocol v3 needs it: its folds are defined as "shuffle the eligible tenants with
 * {@code random.Random(seed)}", so the same seed must give the same folds here as in a Python
 * reference implementation.
 */
public final class PythonRandom {
  private static final int N = 624;
  private static final int M = 397;
  private final int[] mt = new int[N];
  private int index = N + 1;

  public PythonRandom(long seed) {
    initByArray(key(Math.abs(seed)));
  }

  /** {@code random.shuffle(list)} with this generator. */
  public <T> void shuffle(List<T> list) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = randBelow(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }

  /** {@code getrandbits(k)} for 1 <= k <= 32. */
  public long getRandBits(int k) {
    if (k < 1 || k > 32) {
      throw new IllegalArgumentException("k must be in [1, 32], got " + k);
    }
    return Integer.toUnsignedLong(next()) >>> (32 - k);
  }

  /** {@code random()}: 53 random bits in [0, 1). */
  public double random() {
    long a = Integer.toUnsignedLong(next()) >>> 5;
    long b = Integer.toUnsignedLong(next()) >>> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }

  int randBelow(int n) {
    int k = 32 - Integer.numberOfLeadingZeros(n);
    long r = getRandBits(k);
    while (r >= n) {
      r = getRandBits(k);
    }
    return (int) r;
  }

  /** The seed's absolute value as little-endian 32-bit words, as CPython's random_seed does. */
  private static int[] key(long seed) {
    if (seed >>> 32 == 0) {
      return new int[] {(int) seed};
    }
    return new int[] {(int) seed, (int) (seed >>> 32)};
  }

  private void initGenrand(int s) {
    mt[0] = s;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    index = N;
  }

  private void initByArray(int[] key) {
    initGenrand(19650218);
    int i = 1;
    int j = 0;
    for (int k = Math.max(N, key.length); k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) {
        j = 0;
      }
    }
    for (int k = N - 1; k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  private int next() {
    if (index >= N) {
      twist();
    }
    int y = mt[index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y;
  }

  private void twist() {
    for (int k = 0; k < N; k++) {
      int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
      mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
    }
    index = 0;
  }
}
