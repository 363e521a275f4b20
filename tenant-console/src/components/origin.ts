import type { TenantModel } from '../types';

/**
 * Where a model version started, in words: the meta-init it was adapted from, or from scratch when
 * no meta-init had been promoted yet (before any meta-training, or with too few tenants sharing
 * their data). The copy follows the version's own metaInitVersion, never what the platform aims for.
 */
export function originOf(model: Pick<TenantModel, 'metaInitVersion'>): string {
  return model.metaInitVersion === null
    ? 'trained from scratch on your own events (no starting point learned across tenants existed yet)'
    : `adapted to your events from meta-init v${model.metaInitVersion}, the starting point learned across the tenants that share their data`;
}

/** The same, short, for a table cell. */
export function shortOriginOf(model: Pick<TenantModel, 'metaInitVersion'>): string {
  return model.metaInitVersion === null ? 'from scratch' : `meta-init v${model.metaInitVersion}`;
}
