package io.warmstart.platform.experiment;

import io.warmstart.platform.problem.ProblemException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The vocabulary of an experiment: where it runs, how it splits traffic, and the two rankers it compares. */
public final class ExperimentDesign {

  private ExperimentDesign() {}

  /** The recommendation endpoint whose traffic the experiment takes. */
  public enum Surface {
    /** GET /v1/recommendations/users/{userId} */
    USERS,
    /** POST /v1/recommendations/session, for requests that name their visitor */
    SESSION;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Surface parse(String text, String pointer) {
      for (Surface surface : values()) {
        if (surface.wireName().equals(text)) {
          return surface;
        }
      }
      throw ProblemException.invalidField(pointer, "must be 'users' or 'session'");
    }
  }

  public enum Method {
    /** Team-draft interleaving: each list merges both rankers; clicks go to the ranker that placed the item. */
    INTERLEAVING("interleaving"),
    /** Users split in two by a hash of their id: each sees one ranker, always the same one. */
    AB("ab");

    private final String wireName;

    Method(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static Method parse(String text, String pointer) {
      if (text == null) {
        return INTERLEAVING;
      }
      for (Method method : values()) {
        if (method.wireName.equals(text)) {
          return method;
        }
      }
      throw ProblemException.invalidField(pointer, "must be 'interleaving' (the default) or 'ab'");
    }
  }

  public enum RankerKind { POPULARITY, SERVED, VERSION }

  /**
   * One side of an experiment: {@code popularity}, {@code served} (whatever model is promoted when
   * the request comes, popularity without one) or a stored model version such as {@code v4}.
   */
  public record Ranker(RankerKind kind, int version) {

    private static final Pattern VERSION = Pattern.compile("v([1-9][0-9]{0,8})");

    public static Ranker parse(String text, String pointer) {
      if ("popularity".equals(text)) {
        return new Ranker(RankerKind.POPULARITY, 0);
      }
      if ("served".equals(text)) {
        return new Ranker(RankerKind.SERVED, 0);
      }
      Matcher version = text == null ? null : VERSION.matcher(text);
      if (version != null && version.matches()) {
        return new Ranker(RankerKind.VERSION, Integer.parseInt(version.group(1)));
      }
      throw ProblemException.invalidField(pointer, "must be 'popularity', 'served' or a model version such as 'v3'");
    }

    public String wireName() {
      return switch (kind) {
        case POPULARITY -> "popularity";
        case SERVED -> "served";
        case VERSION -> "v" + version;
      };
    }

    /** How the console and the verdict name it. */
    public String description() {
      return switch (kind) {
        case POPULARITY -> "popularity";
        case SERVED -> "the served model";
        case VERSION -> "model v" + version;
      };
    }
  }

  public enum Status {
    DRAFT, RUNNING, STOPPED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Status parse(String stored) {
      return valueOf(stored.toUpperCase(Locale.ROOT));
    }
  }
}
