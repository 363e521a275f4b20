package io.warmstart.platform.recommend;

import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.recommend.RecommendationResponses.RecommendationList;
import io.warmstart.platform.recommend.RecommendationResponses.SessionRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Recommendations for the current tenant's users, items and anonymous sessions. */
@Path("/v1/recommendations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Recommendations")
public class RecommendationResource {

  @Inject RecommendationService recommendations;
  @Inject ServingConfig config;

  @GET
  @Path("users/{userId}")
  @Operation(summary = "Recommendations for a user (an unknown user gets the popular items)")
  public RecommendationList forUser(
      @PathParam("userId") String userId,
      @QueryParam("count") @DefaultValue("10") int count,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("category") String category,
      @QueryParam("tag") String tag,
      @QueryParam("includeUnavailable") @DefaultValue("false") boolean includeUnavailable,
      @QueryParam("exclude") List<String> exclude,
      @QueryParam("excludeSeen") @DefaultValue("true") boolean excludeSeen) {
    return recommendations.recommendForUser(userId, query(count, offset, category, tag, includeUnavailable, exclude, excludeSeen));
  }

  @GET
  @Path("items/{itemId}/similar")
  @Operation(summary = "Items similar to an item")
  public RecommendationList similar(
      @PathParam("itemId") String itemId,
      @QueryParam("count") @DefaultValue("10") int count,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("category") String category,
      @QueryParam("tag") String tag,
      @QueryParam("includeUnavailable") @DefaultValue("false") boolean includeUnavailable,
      @QueryParam("exclude") List<String> exclude) {
    return recommendations.similarItems(itemId, query(count, offset, category, tag, includeUnavailable, exclude, true));
  }

  @POST
  @Path("session")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Recommendations for an anonymous visitor from the items they just viewed (oldest first)")
  public RecommendationList forSession(
      SessionRequest body,
      @QueryParam("count") @DefaultValue("10") int count,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("category") String category,
      @QueryParam("tag") String tag,
      @QueryParam("includeUnavailable") @DefaultValue("false") boolean includeUnavailable,
      @QueryParam("exclude") List<String> exclude,
      @QueryParam("excludeSeen") @DefaultValue("true") boolean excludeSeen) {
    if (body == null || body.items() == null) {
      throw ProblemException.invalidField("/items", "is required: the visitor's recent item ids, oldest first");
    }
    if (body.items().size() > 100) {
      throw ProblemException.invalidField("/items", "at most 100 recent items");
    }
    return recommendations.recommendForSession(body.items(), query(count, offset, category, tag, includeUnavailable, exclude, excludeSeen));
  }

  private RecommendationQuery query(
      int count, int offset, String category, String tag, boolean includeUnavailable, List<String> exclude, boolean excludeSeen) {
    if (count < 1 || count > config.maxCount()) {
      throw ProblemException.invalidField("count", "count must be between 1 and " + config.maxCount());
    }
    if (offset < 0 || offset + count > config.maxDepth()) {
      throw ProblemException.invalidField("offset", "offset must be at least 0 and offset + count at most " + config.maxDepth());
    }
    List<String> excluded = exclude == null ? List.of()
        : exclude.stream().flatMap(value -> Arrays.stream(value.split(","))).map(String::strip).filter(s -> !s.isEmpty()).toList();
    return new RecommendationQuery(count, offset, category, tag, includeUnavailable, excluded, excludeSeen);
  }
}
