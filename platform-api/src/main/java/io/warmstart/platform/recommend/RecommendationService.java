package io.warmstart.platform.recommend;

import io.warmstart.platform.common.WouldBlock;
import io.warmstart.platform.experiment.ExperimentDesign.Method;
import io.warmstart.platform.experiment.ExperimentDesign.Ranker;
import io.warmstart.platform.experiment.ExperimentDesign.RankerKind;
import io.warmstart.platform.experiment.ExperimentDesign.Surface;
import io.warmstart.platform.experiment.RunningExperiment;
import io.warmstart.platform.experiment.RunningExperiments;
import io.warmstart.platform.experiment.ServedListLog;
import io.warmstart.platform.experiment.ServedListLog.ServedList;
import io.warmstart.platform.experiment.TeamDraft;
import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.recommend.RecommendationResponses.ExperimentArm;
import io.warmstart.platform.recommend.RecommendationResponses.RecommendationList;
import io.warmstart.platform.recommend.RecommendationResponses.RecommendedItem;
import io.warmstart.platform.tenancy.CurrentTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Answers recommendation requests for the current tenant from its serving snapshot. */
@ApplicationScoped
public class RecommendationService {

  static final String PERSONALISED = "personalised";
  static final String POPULARITY = "popularity";
  static final String SESSION = "session";
  static final String SIMILAR_ITEMS = "similar-items";
  static final String INTERLEAVED = "interleaved";
  /** What a tenant gets outside experiments. */
  private static final Ranker SERVED = new Ranker(RankerKind.SERVED, 0);

  @Inject CurrentTenant currentTenant;
  @Inject SnapshotCache snapshots;
  @Inject ModelCache models;
  @Inject ServingConfig config;
  @Inject RunningExperiments experiments;
  @Inject ServedListLog servedLists;
  @Inject ExperimentModels experimentModels;

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
    Request request = new Request(tenantId, Surface.USERS, snapshot, history, filter, query);
    Optional<RunningExperiment> experiment = experiments.on(tenantId, Surface.USERS);
    if (experiment.isPresent() && takesPart(query)) {
      return inExperiment(experiment.get(), userId, request);
    }
    return respond(snapshot, servedBy(SERVED, request), query, null);
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
    return respond(snapshot, new Served(SIMILAR_ITEMS, null, Ranking.byScores(snapshot, scores.values(), scores.scored(), filter, query.offset(), query.count())), query, null);
  }

  /**
   * An anonymous visitor's recommendations from the items they just looked at (unknown ids are
   * ignored): the promoted model reads the session as it reads a user's history; without a model,
   * co-occurrence with the session's items.
   */
  public RecommendationList recommendForSession(List<String> recentItems, String visitorId, RecommendationQuery query) {
    String tenantId = currentTenant.requireActive();
    TenantSnapshot snapshot = snapshots.snapshotOf(tenantId);
    int[] session = recentItems.stream().map(snapshot.itemIndex()::get).filter(Objects::nonNull).mapToInt(Integer::intValue).toArray();
    CandidateFilter filter = new CandidateFilter(snapshot, query, session);
    Request request = new Request(tenantId, Surface.SESSION, snapshot, session, filter, query);
    Optional<RunningExperiment> experiment = experiments.on(tenantId, Surface.SESSION);
    // Clicks are found through the visitor's events, so only a request that names its visitor can take part.
    if (experiment.isPresent() && visitorId != null && takesPart(query)) {
      return inExperiment(experiment.get(), visitorId, request);
    }
    return respond(snapshot, servedBy(SERVED, request), query, null);
  }

  /** What one request asks, whatever ranks it. */
  private record Request(String tenantId, Surface surface, TenantSnapshot snapshot, int[] context, CandidateFilter filter, RecommendationQuery query) {}

  /** A ranker's page and how it was made. */
  private record Served(String strategy, String modelVersion, List<Ranking.Ranked> page) {}

  /**
   * Only first pages take part: a later page of an interleaved list would be drawn afresh and could
   * repeat the first page's items. A request for popularity by name asked for no experiment.
   */
  private static boolean takesPart(RecommendationQuery query) {
    return query.offset() == 0 && !query.popularityOnly();
  }

  /**
   * The page one ranker makes. {@code served} is what the tenant gets outside experiments: the
   * promoted model where it knows the context, else co-occurrence for sessions, else popularity. A
   * model version does the same with that version.
   */
  private Served servedBy(Ranker ranker, Request request) {
    TenantSnapshot snapshot = request.snapshot();
    RecommendationQuery query = request.query();
    if (ranker.kind() != RankerKind.POPULARITY && !query.popularityOnly() && request.context().length > 0) {
      Optional<PersonalisedView> view = ranker.kind() == RankerKind.SERVED
          ? viewOf(request.tenantId(), snapshot)
          : experimentModels.viewOf(request.tenantId(), ranker.version(), snapshot);
      if (view.isPresent() && view.get().knowsAny(request.context())) {
        return personalised(snapshot, view.get(), request.context(), request.filter(), query);
      }
      if (request.surface() == Surface.SESSION) {
        CoOccurrence.Scores scores = CoOccurrence.around(snapshot, request.context());
        return new Served(SESSION, null, Ranking.byScores(snapshot, scores.values(), scores.scored(), request.filter(), query.offset(), query.count()));
      }
    }
    return new Served(POPULARITY, null, Ranking.byPopularity(snapshot, request.filter(), query.offset(), query.count()));
  }

  /**
   * A list served inside an experiment: one arm's page (A/B) or both rankers' pages merged by team
   * draft (interleaving). Either way the list is queued for the experiment's log and its id names
   * the experiment and arm, so clicks that cite it can be credited.
   */
  private RecommendationList inExperiment(RunningExperiment experiment, String userId, Request request) {
    TenantSnapshot snapshot = request.snapshot();
    String random = UUID.randomUUID().toString();
    if (experiment.method() == Method.AB) {
      char arm = experiment.armOf(userId);
      Served served = servedBy(arm == RunningExperiment.CONTROL ? experiment.control() : experiment.treatment(), request);
      String[] items = itemIds(snapshot, served.page());
      String recommendationId = experiment.recommendationId(arm, random);
      servedLists.add(new ServedList(request.tenantId(), recommendationId, experiment.id(), userId, arm,
          arm == RunningExperiment.CONTROL ? items : new String[0], arm == RunningExperiment.TREATMENT ? items : new String[0], Instant.now()));
      return respond(snapshot, recommendationId, served, request.query(), new ExperimentArm(experiment.id(), RunningExperiment.armName(arm)));
    }
    Served control = servedBy(experiment.control(), request);
    Served treatment = servedBy(experiment.treatment(), request);
    TeamDraft.Interleaved merged = TeamDraft.interleave(
        items(control.page()), items(treatment.page()), request.query().count(), ThreadLocalRandom.current());
    Map<Integer, Float> controlScores = scores(control.page());
    Map<Integer, Float> treatmentScores = scores(treatment.page());
    List<Ranking.Ranked> page = new ArrayList<>(merged.size());
    List<String> controlItems = new ArrayList<>();
    List<String> treatmentItems = new ArrayList<>();
    for (int i = 0; i < merged.size(); i++) {
      int item = merged.items()[i];
      boolean byControl = merged.teams()[i] == TeamDraft.CONTROL;
      page.add(new Ranking.Ranked(item, (byControl ? controlScores : treatmentScores).get(item)));
      (byControl ? controlItems : treatmentItems).add(snapshot.itemIds()[item]);
    }
    String recommendationId = experiment.recommendationId(RunningExperiment.INTERLEAVED, random);
    servedLists.add(new ServedList(request.tenantId(), recommendationId, experiment.id(), userId, RunningExperiment.INTERLEAVED,
        controlItems.toArray(String[]::new), treatmentItems.toArray(String[]::new), Instant.now()));
    return respond(snapshot, recommendationId, new Served(INTERLEAVED, null, page), request.query(),
        new ExperimentArm(experiment.id(), RunningExperiment.armName(RunningExperiment.INTERLEAVED)));
  }

  private static int[] items(List<Ranking.Ranked> page) {
    return page.stream().mapToInt(Ranking.Ranked::item).toArray();
  }

  private static String[] itemIds(TenantSnapshot snapshot, List<Ranking.Ranked> page) {
    return page.stream().map(r -> snapshot.itemIds()[r.item()]).toArray(String[]::new);
  }

  private static Map<Integer, Float> scores(List<Ranking.Ranked> page) {
    Map<Integer, Float> scores = new HashMap<>();
    page.forEach(r -> scores.put(r.item(), r.score()));
    return scores;
  }

  private Served personalised(
      TenantSnapshot snapshot, PersonalisedView view, int[] context, CandidateFilter filter, RecommendationQuery query) {
    Ranking.TopK top = view.top(context, filter, query.offset() + query.count());
    return new Served(PERSONALISED, view.model().label(), Ranking.fromTopK(snapshot, top, filter, query.offset(), query.count()));
  }

  private Optional<PersonalisedView> viewOf(String tenantId, TenantSnapshot snapshot) {
    Optional<ServedModel> model = models.modelOf(tenantId);
    if (model.isEmpty()) {
      views.remove(tenantId);
      return Optional.empty();
    }
    PersonalisedView view = views.get(tenantId);
    if (view == null || !view.matches(snapshot, model.get())) {
      // Lining a model up with a snapshot takes a pass over the catalogue (a second at a million items).
      WouldBlock.unlessOnWorker();
      view = PersonalisedView.of(snapshot, model.get(), config.indexCandidates());
      views.put(tenantId, view);
    }
    return Optional.of(view);
  }

  private static RecommendationList respond(TenantSnapshot snapshot, Served served, RecommendationQuery query, ExperimentArm experiment) {
    return respond(snapshot, recommendationId(served.strategy(), served.modelVersion()), served, query, experiment);
  }

  private static RecommendationList respond(
      TenantSnapshot snapshot, String recommendationId, Served served, RecommendationQuery query, ExperimentArm experiment) {
    List<RecommendedItem> items = served.page().stream()
        .map(r -> new RecommendedItem(snapshot.itemIds()[r.item()], snapshot.titles()[r.item()], r.score()))
        .toList();
    Integer nextOffset = items.size() == query.count() ? query.offset() + query.count() : null;
    return new RecommendationList(recommendationId, served.strategy(), served.modelVersion(), items, nextOffset, experiment);
  }

  /**
   * The id says which model or strategy made the list, so click-through per model version needs no
   * log of served recommendations: feedback events that cite the id carry that fact with them.
   */
  static String recommendationId(String strategy, String modelVersion) {
    return (modelVersion != null ? modelVersion : strategy) + "~" + UUID.randomUUID();
  }
}
