package io.warmstart.platform.recommend;

import java.util.List;

/**
 * What a caller asked for, already checked.
 *
 * @param count how many items to return
 * @param offset how many of the best to skip (paging)
 * @param category only items in this category (null: any)
 * @param tag only items with this tag (null: any)
 * @param includeUnavailable also items marked unavailable
 * @param exclude item ids never to return
 * @param excludeSeen leave out what the user (or session) already interacted with
 * @param popularityOnly rank by popularity even where a model or the session could personalise
 */
public record RecommendationQuery(
    int count, int offset, String category, String tag, boolean includeUnavailable, List<String> exclude, boolean excludeSeen, boolean popularityOnly) {}
