package io.warmstart.platform.recommend;

import io.warmstart.platform.problem.ProblemException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import java.util.Arrays;
import java.util.List;

/** The query parameters every recommendation endpoint shares. */
public class RecommendationParams {

  @QueryParam("count")
  @DefaultValue("10")
  int count;

  @QueryParam("offset")
  @DefaultValue("0")
  int offset;

  /** Only items in this category. */
  @QueryParam("category")
  String category;

  /** Only items with this tag. */
  @QueryParam("tag")
  String tag;

  /** Also return items marked unavailable. */
  @QueryParam("includeUnavailable")
  @DefaultValue("false")
  boolean includeUnavailable;

  /** Item ids never to return (repeat the parameter or separate with commas). */
  @QueryParam("exclude")
  List<String> exclude;

  /** Leave out what the user or session already interacted with. */
  @QueryParam("excludeSeen")
  @DefaultValue("true")
  boolean excludeSeen;

  /**
   * {@code auto} (default): the best the tenant has; {@code popularity}: the popular items whatever
   * model is served, as a baseline to compare with (the console's side-by-side, or a holdout group).
   */
  @QueryParam("strategy")
  @DefaultValue("auto")
  String strategy;

  RecommendationQuery toQuery(ServingConfig config) {
    if (count < 1 || count > config.maxCount()) {
      throw ProblemException.invalidField("count", "count must be between 1 and " + config.maxCount());
    }
    if (offset < 0 || offset + count > config.maxDepth()) {
      throw ProblemException.invalidField("offset", "offset must be at least 0 and offset + count at most " + config.maxDepth());
    }
    List<String> excluded = exclude == null ? List.of()
        : exclude.stream().flatMap(value -> Arrays.stream(value.split(","))).map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (!"auto".equals(strategy) && !"popularity".equals(strategy)) {
      throw ProblemException.invalidField("strategy", "strategy must be auto or popularity");
    }
    return new RecommendationQuery(count, offset, category, tag, includeUnavailable, excluded, excludeSeen, "popularity".equals(strategy));
  }
}
