package io.warmstart.platform.problem;

/**
 * One reason a piece of input was refused.
 *
 * @param pointer where: a JSON pointer into the request ({@code /events/3/userId}) or {@code line 17} of an import
 * @param message what is wrong, in words a person can act on
 */
public record FieldError(String pointer, String message) {}
