package io.warmstart.platform.common;

/**
 * Who owns which PostgreSQL advisory-lock keys. PostgreSQL keeps locks taken with one bigint key and
 * locks taken with two int keys apart ({@code pg_locks.objsubid} 1 and 2): they never conflict. The
 * one-key space belongs to job ids alone (a job id uses all 64 bits); every other lock takes two keys,
 * the first a namespace below. Before this, the model registry locked {@code hashtext(...)} in the
 * job-id space, so a job whose id equalled a tenant's hash stalled that tenant's promotions, or
 * deadlocked on itself when the job was the one promoting.
 */
public final class AdvisoryLocks {

  /** Serialises promotions of meta-inits (second key 0). */
  public static final int META_INIT_REGISTRY = 1;

  /** Serialises one tenant's model promotions (second key {@code hashtext(tenant_id)}). */
  public static final int TENANT_MODELS = 2;

  private AdvisoryLocks() {}
}
