package io.warmstart.trainer.split;

/**
 * One evaluation user. {@code context} is inference input only (time order); {@code targets} are
 * the later items to find. A new user ({@code returning == false}) had no support events and got
 * their first post-cutoff interaction as context.
 */
public record TestUser(int user, int[] context, int[] targets, boolean returning) {}
