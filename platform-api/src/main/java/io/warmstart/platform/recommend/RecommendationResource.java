package io.warmstart.platform.recommend;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.warmstart.platform.common.InputRules;
import io.warmstart.platform.common.WouldBlock;
import io.warmstart.platform.identity.Roles;
import io.warmstart.platform.problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import jakarta.annotation.security.RolesAllowed;
import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.recommend.RecommendationResponses.RecommendationList;
import io.warmstart.platform.recommend.RecommendationResponses.SessionRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Recommendations for the current tenant's users, items and anonymous sessions. */
@RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_SDK})
@Path("/v1/recommendations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Recommendations")
public class RecommendationResource {

  static final int MAX_SESSION_ITEMS = 100;

  @Inject RecommendationService recommendations;
  @Inject ServingConfig config;

  @GET
  @Path("users/{userId}")
  @Operation(summary = "Recommendations for a user (an unknown user gets the popular items)")
  public Uni<RecommendationList> forUser(@PathParam("userId") String userId, @BeanParam RecommendationParams params) {
    RecommendationQuery query = params.toQuery(config);
    return answer(() -> recommendations.recommendForUser(userId, query));
  }

  @GET
  @Path("items/{itemId}/similar")
  @Operation(summary = "Items similar to an item")
  public Uni<RecommendationList> similar(@PathParam("itemId") String itemId, @BeanParam RecommendationParams params) {
    RecommendationQuery query = params.toQuery(config);
    return answer(() -> recommendations.similarItems(itemId, query));
  }

  @POST
  @Path("session")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Recommendations for an anonymous visitor from the items they just viewed (oldest first)")
  // On a worker: its body is read through the idle watchdog (BodyIdleWatchdog), a blocking stream.
  @Blocking
  public RecommendationList forSession(SessionRequest body, @BeanParam RecommendationParams params) {
    if (body == null || body.items() == null) {
      throw ProblemException.invalidField("/items", "is required: the visitor's recent item ids, oldest first");
    }
    if (body.items().size() > MAX_SESSION_ITEMS) {
      throw ProblemException.invalidField("/items", "at most " + MAX_SESSION_ITEMS + " recent items");
    }
    List<FieldError> errors = new ArrayList<>();
    InputRules.checkId(body.visitorId(), "/visitorId", false, errors);
    if (!errors.isEmpty()) {
      throw ProblemException.invalid("The visitor id is not valid", errors);
    }
    return recommendations.recommendForSession(body.items(), body.visitorId(), params.toQuery(config));
  }

  /**
   * The GET endpoints run on the I/O thread that read the request (they return a {@link Uni}). A
   * request whose answer is in memory is answered right there; one that would wait (a tenant's
   * first request loads its snapshot and model, a status older than a few seconds is read again)
   * signals {@link WouldBlock} before it waits, and is answered again from the start on a worker
   * thread. Nothing is recorded before that point, so the second attempt is the only one that counts.
   */
  private Uni<RecommendationList> answer(Supplier<RecommendationList> recommend) {
    if (config.answerOnIoThread()) {
      try {
        return Uni.createFrom().item(recommend.get());
      } catch (WouldBlock mustWait) {
        // answered below, on a worker
      }
    }
    return Uni.createFrom().item(recommend).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }
}
