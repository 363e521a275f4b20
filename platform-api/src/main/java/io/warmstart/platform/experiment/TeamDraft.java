package io.warmstart.platform.experiment;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Team-draft interleaving (Radlinski, Kurup and Joachims, CIKM 2008): the two rankers are captains
 * picking players. Each round a coin decides which picks first; each adds its best item not yet in
 * the merged list and owns it. A click is credited to the owner of the clicked item, so a ranker
 * can only win clicks with items it placed itself, and the coin makes either ranker equally likely
 * to take any position: two identical rankers split clicks evenly whatever the users' position bias.
 */
public final class TeamDraft {

  public static final byte CONTROL = 0;
  public static final byte TREATMENT = 1;

  private TeamDraft() {}

  /** The merged list and, position by position, the team that placed each item. */
  public record Interleaved(int[] items, byte[] teams) {

    public int size() {
      return items.length;
    }
  }

  /**
   * Merges two rankings (item ids, best first; each without repeats) into at most {@code length}
   * items. When one ranking runs out the other goes on picking alone.
   */
  public static Interleaved interleave(int[] control, int[] treatment, int length, RandomGenerator coin) {
    int[] items = new int[length];
    byte[] teams = new byte[length];
    IntMembership placed = new IntMembership(length);
    int size = 0;
    int nextControl = 0;
    int nextTreatment = 0;
    int controlPicks = 0;
    int treatmentPicks = 0;
    while (size < length) {
      nextControl = skipPlaced(control, nextControl, placed);
      nextTreatment = skipPlaced(treatment, nextTreatment, placed);
      boolean controlCan = nextControl < control.length;
      boolean treatmentCan = nextTreatment < treatment.length;
      if (!controlCan && !treatmentCan) {
        break;
      }
      // The team with fewer picks goes next; on a tie the coin decides who starts the round.
      boolean controlNext = controlCan
          && (!treatmentCan || controlPicks < treatmentPicks || (controlPicks == treatmentPicks && coin.nextBoolean()));
      if (controlNext) {
        items[size] = control[nextControl++];
        teams[size] = CONTROL;
        controlPicks++;
      } else {
        items[size] = treatment[nextTreatment++];
        teams[size] = TREATMENT;
        treatmentPicks++;
      }
      placed.add(items[size]);
      size++;
    }
    return new Interleaved(Arrays.copyOf(items, size), Arrays.copyOf(teams, size));
  }

  /**
   * The outcome of one interleaved list: the team whose items got more of its clicks, or null for
   * a tie (equal clicks, or clicks only on items outside the list).
   */
  public static Byte winner(int controlClicks, int treatmentClicks) {
    if (controlClicks == treatmentClicks) {
      return null;
    }
    return controlClicks > treatmentClicks ? CONTROL : TREATMENT;
  }

  private static int skipPlaced(int[] ranking, int from, IntMembership placed) {
    int i = from;
    while (i < ranking.length && placed.contains(ranking[i])) {
      i++;
    }
    return i;
  }

  /** A small open-addressing set: a page is a few dozen items, so this beats boxing into a HashSet. */
  private static final class IntMembership {
    private final int[] slots;
    private final boolean[] used;

    IntMembership(int expected) {
      int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
      slots = new int[capacity];
      used = new boolean[capacity];
    }

    void add(int value) {
      int i = slot(value);
      slots[i] = value;
      used[i] = true;
    }

    boolean contains(int value) {
      return used[slot(value)];
    }

    private int slot(int value) {
      int mask = slots.length - 1;
      int i = (value * 0x9E3779B9) >>> 7 & mask;
      while (used[i] && slots[i] != value) {
        i = (i + 1) & mask;
      }
      return i;
    }
  }
}
