// Shapes of the /v1 API responses the console reads (see /q/openapi).

export interface Page<T> {
  data: T[];
  next: string | null;
}

export interface Quotas {
  requestsPerSecond?: number;
  eventsPerDay?: number;
  maxItems?: number;
}

export interface TenantProfile {
  id: string;
  displayName: string;
  kind: string;
  status: string;
  eventTypes: Record<string, number>;
  customEventTypes: Record<string, number>;
  builtInEventTypes: Record<string, number>;
  autoTraining: boolean;
  shareForMetaLearning: boolean;
  retentionDays: number | null;
  quotas: Quotas;
  onboardingMinEvents: number;
}

export interface TenantStats {
  tenantId: string;
  events: number;
  items: number;
  placeholderItems: number;
  users: number;
  eventsPerDay: { day: string; events: number }[];
}

export interface ClickThrough {
  source: string;
  impressions: number;
  clicks: number;
  otherInteractions: number;
  clickThroughRate: number | null;
}

/** A meta-init's measured worth to tenants of one size (see docs/models.md). */
export interface EvidenceEntry {
  events: number;
  tenants: number;
  users: number;
  popularityNdcgAt10: number;
  bestNdcgAt10: number;
  bestBlend: string;
  ratio: number;
  ratioLow: number;
  ratioHigh: number;
  wins: number;
  losses: number;
  served: string;
}

export interface ModelMetrics {
  servedAs?: string;
  evidence?: { events: number; tenants: number; expectedRatio: number; ratioLow: number; ratioHigh: number; summary: string };
  validationNdcgAt10?: number;
  popularityValidationNdcgAt10?: number;
  promotedValidationNdcgAt10?: number | null;
  comparedWith?: string | number;
  validationUsers?: number;
  steps?: number;
  adaptSeconds?: number;
  seconds?: number;
}

export interface TenantModel {
  tenantId: string;
  version: number;
  status: string;
  metaInitVersion: number | null;
  events: number | null;
  items: number | null;
  firstEventAt: string | null;
  lastEventAt: string | null;
  metrics: ModelMetrics | null;
  reason: string | null;
  /** Null while training and after a failure: only versions with an artifact can serve (or be an experiment's arm). */
  artifactSha256: string | null;
  jobId: number | null;
  createdAt: string;
  finishedAt: string | null;
  promotedAt: string | null;
}

export interface MetaInit {
  version: number;
  status: string;
  algorithm: string;
  trainingTenants: string[];
  validationTenants: string[];
  metrics: (ModelMetrics & { servedValue?: number | null; promotedServedValue?: number | null; evidence?: EvidenceEntry[] }) | null;
  reason: string | null;
  createdAt: string;
  finishedAt: string | null;
  promotedAt: string | null;
}

export interface Job {
  tenantId: string;
  jobId: number;
  kind: string;
  status: string;
  attempts: number;
  progress: number | null;
  message: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Item {
  id: string;
  title: string | null;
  categories: string[];
  tags: string[];
  available: boolean;
  placeholder: boolean;
  updatedAt: string;
}

export interface User {
  id: string;
  attributes: Record<string, unknown>;
  createdAt: string;
}

export interface EventView {
  eventId: string;
  userId: string;
  itemId: string;
  type: string;
  value: number | null;
  timestamp: string;
  timestampGiven: boolean;
  recommendationId: string | null;
}

export interface ImportReport {
  rows: number;
  written: number;
  duplicates: number;
  rejected: number;
  errors: { pointer: string; message: string }[];
  seconds: number;
}

export interface RecommendationList {
  recommendationId: string;
  strategy: string;
  modelVersion: string | null;
  items: { id: string; title: string | null; score: number }[];
  nextOffset: number | null;
  /** Set while an experiment runs on the list's surface. */
  experiment?: { id: number; arm: 'interleaved' | 'control' | 'treatment' } | null;
}

export interface ApiCredential {
  clientId: string;
  clientSecret: string | null;
}

export interface TenantView {
  id: string;
  displayName: string;
  kind: string;
  status: string;
  shareForMetaLearning: boolean;
  createdAt: string;
}

export interface TenantHealth {
  tenantId: string;
  eventsToday: number;
  eventsLast7Days: number;
  lastEventAt: string | null;
  modelVersion: string | null;
  modelPromotedAt: string | null;
  modelAgeSeconds: number | null;
  validationNdcgAt10: number | null;
  popularityValidationNdcgAt10: number | null;
}

/** A ranker an experiment compares: "popularity", "served" (the promoted model) or a model version ("v3"). */
export type Ranker = string;

export interface ArmResults {
  impressions: number;
  clicks: number;
  clickThroughRate: number | null;
  low: number | null;
  high: number | null;
}

export interface ExperimentResults {
  impressions: number;
  clicks: number;
  pValue: number | null;
  significant: boolean;
  /** The platform's own words for the result; shown as it is. */
  verdict: string;
  interleaving: {
    listsWithClicks: number;
    controlWins: number;
    treatmentWins: number;
    ties: number;
    treatmentPreference: number | null;
    preferenceLow: number | null;
    preferenceHigh: number | null;
  } | null;
  ab: {
    control: ArmResults;
    treatment: ArmResults;
    relativeLift: number | null;
    liftLow: number | null;
    liftHigh: number | null;
  } | null;
}

export interface Experiment {
  id: number;
  name: string;
  surface: 'users' | 'session';
  method: 'interleaving' | 'ab';
  control: Ranker;
  treatment: Ranker;
  status: 'draft' | 'running' | 'stopped';
  maxImpressions: number;
  createdAt: string;
  startedAt: string | null;
  stoppedAt: string | null;
  stopReason: string | null;
  results: ExperimentResults;
}
