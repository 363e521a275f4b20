package io.warmstart.trainer.split;

import java.util.List;

/**
 * A held-out tenant cut at {@code cutoff}: the support is the only data a method may fit on.
 *
 * @param label the support size as reported ("100", "500", "all")
 */
public record SupportSplit(String label, int cutoff, Events support, List<TestUser> testUsers) {}
