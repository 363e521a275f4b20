package io.warmstart.platform.common;

import java.util.List;

/**
 * One page of a keyset-paginated listing.
 *
 * @param data the rows of this page
 * @param next opaque cursor for the following page ({@code ?after=}), null on the last page
 */
public record Page<T>(List<T> data, String next) {}
