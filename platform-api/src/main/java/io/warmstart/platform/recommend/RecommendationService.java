package io.warmstart.platform.recommend;

import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.recommend.RecommendationResponses.RecommendationList;
import io.warmstart.platform.recommend.RecommendationResponses.RecommendedItem;
import io.warmstart.platform.tenancy.CurrentTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.UUID;

/** Answers recommendation requests for the current tenant from its serving snapshot. */
@ApplicationScoped
public class RecommendationService {

  static final String PERSONALISED = "personalised";
  static final String POPULARITY = "popularity";
  static final String SESSION = "session";
  static final String SIMILAR_ITEMS = "similar-items";

  @Inject CurrentTenant currentTenant;
  @Inject SnapshotCache snapshots;
  @Inject ModelCache models;
  @Inject ServingConfig config;

  /** One view per tenant, rebuilt when its snapshot or its model changes. */
  private final Map<String, PersonalisedView> views = new ConcurrentHashMap<>();

  /**
   * A user's recommendations: from the tenant's promoted model when it has one and the user has a
   * history it knows; otherwise the popular items. A user we have never seen is not an error.
   */
  public RecommendationList recommendForUser(String userId, RecommendationQuery query) {
    String tenantId = currentTenant.requireActive();
    TenantSnapshot snapshot = snapshots.snapshotOf(tenantId);
    int[] history = snapshot.historyOf(userId);
    CandidateFilter filter = new CandidateFilter(snapshot, query, history);
    Optional<PersonalisedView> view = viewOf(tenantId, snapshot);
    if (!query.popularityOnly() && view.isPresent() && view.get().knowsAny(history)) {
      return personalised(snapshot, view.get(), history, filter, query);
    }
    return respond(snapshot, POPULARITY, null, Ranking.byPopularity(snapshot, filter, query.offset(), query.count()), query);
  }

  /** Items like the given one, by co-occurrence in users' histories. */
  public RecommendationList similarItems(String itemId, RecommendationQuery query) {
    TenantSnapshot snapshot = snapshots.snapshotOf(currentTenant.requireActive());
    Integer item = snapshot.itemIndex().get(itemId);
    if (item == null) {
      throw ProblemException.notFound("No item '" + itemId + "'");
    }
    int[] seed = {item};
    // The item itself is never "similar to itself", whatever excludeSeen says.
    RecommendationQuery withoutSeed = new RecommendationQuery(
        query.count(), query.offset(), query.category(), query.tag(), query.includeUnavailable(), query.exclude(), true, false);
    CandidateFilter filter = new CandidateFilter(snapshot, withoutSeed, seed);
    CoOccurrence.Scores scores = CoOccurrence.around(snapshot, seed);
    return respond(snapshot, SIMILAR_ITEMS, null, Ranking.byScores(snapshot, scores.values(), scores.scored(), filter, query.offset(), query.count()), query);
  }

  /**
   * An anonymous visitor's recommendations from the items they just looked at (unknown ids are
   * ignored): the promoted model reads the session as it reads a user's history; without a model,
   * co-occurrence with the session's items.
   */
  public RecommendationList recommendForSession(List<String> recentItems, RecommendationQuery query) {
    String tenantId = currentTenant.requireActive();
    TenantSnapshot snapshot = snapshots.snapshotOf(tenantId);
    int[] session = recentItems.stream().map(snapshot.itemIndex()::get).filter(Objects::nonNull).mapToInt(Integer::intValue).toArray();
    CandidateFilter filter = new CandidateFilter(snapshot, query, session);
    if (session.length == 0 || query.popularityOnly()) {
      return respond(snapshot, POPULARITY, null, Ranking.byPopularity(snapshot, filter, query.offset(), query.count()), query);
    }
    Optional<PersonalisedView> view = viewOf(tenantId, snapshot);
    if (view.isPresent() && view.get().knowsAny(session)) {
      return personalised(snapshot, view.get(), session, filter, query);
    }
    CoOccurrence.Scores scores = CoOccurrence.around(snapshot, session);
    return respond(snapshot, SESSION, null, Ranking.byScores(snapshot, scores.values(), scores.scored(), filter, query.offset(), query.count()), query);
  }

  private RecommendationList personalised(
      TenantSnapshot snapshot, PersonalisedView view, int[] context, CandidateFilter filter, RecommendationQuery query) {
    Ranking.TopK top = view.top(context, filter, query.offset() + query.count());
    List<Ranking.Ranked> page = Ranking.fromTopK(snapshot, top, filter, query.offset(), query.count());
    return respond(snapshot, PERSONALISED, view.model().label(), page, query);
  }

  private Optional<PersonalisedView> viewOf(String tenantId, TenantSnapshot snapshot) {
    Optional<ServedModel> model = models.modelOf(tenantId);
    if (model.isEmpty()) {
      views.remove(tenantId);
      return Optional.empty();
    }
    PersonalisedView view = views.get(tenantId);
    if (view == null || !view.matches(snapshot, model.get())) {
      view = PersonalisedView.of(snapshot, model.get(), config.indexCandidates());
      views.put(tenantId, view);
    }
    return Optional.of(view);
  }

  private static RecommendationList respond(
      TenantSnapshot snapshot, String strategy, String modelVersion, List<Ranking.Ranked> page, RecommendationQuery query) {
    List<RecommendedItem> items =
        page.stream().map(r -> new RecommendedItem(snapshot.itemIds()[r.item()], snapshot.titles()[r.item()], r.score())).toList();
    Integer nextOffset = items.size() == query.count() ? query.offset() + query.count() : null;
    return new RecommendationList(recommendationId(strategy, modelVersion), strategy, modelVersion, items, nextOffset);
  }

  /**
   * The id says which model or strategy made the list, so click-through per model version needs no
   * log of served recommendations: feedback events that cite the id carry that fact with them.
   */
  static String recommendationId(String strategy, String modelVersion) {
    return (modelVersion != null ? modelVersion : strategy) + "~" + UUID.randomUUID();
  }
}
